// The live graph's layout (webview/app/workflow-layout.ts): columns by level,
// rows ordered to cross fewer edges, one edge per dependency, the arrow keys'
// neighbours, and a layout that depends on the DAG's shape, never on statuses.
import assert from 'node:assert/strict'
import type { WorkflowStepView } from '../../src/core/protocol'
import { layoutGraph, neighbour, NODE_W, shapeOf } from '../../webview/app/workflow-layout'

const step = (id: string, level: number, dependsOn: string[] = [], over: Partial<WorkflowStepView> = {}): WorkflowStepView =>
  ({ id, level, dependsOn, status: 'pending', attempt: 0, maxAttempts: 1, logs: [], ...over })

const diamond = [step('validate', 0), step('charge', 1, ['validate']), step('reserve', 1, ['validate']), step('ship', 2, ['charge', 'reserve'])]

describe('workflow graph layout', () => {
  it('puts each level in a column, left to right, and centres shorter columns', () => {
    const l = layoutGraph(diamond)
    assert.deepEqual(l.columns, [['validate'], ['charge', 'reserve'], ['ship']])
    const [v, c, r, s] = ['validate', 'charge', 'reserve', 'ship'].map((id) => l.nodes.get(id)!)
    assert.ok(v.x < c.x && c.x === r.x && r.x < s.x)
    assert.ok(c.y < r.y)
    assert.equal(v.y, s.y)
    assert.equal(v.y, (c.y + r.y) / 2)
    assert.ok(l.width >= s.x + NODE_W)
  })

  it('draws one edge per dependency, from its right side to its dependent\'s left', () => {
    const l = layoutGraph(diamond)
    assert.deepEqual(l.edges.map((e) => `${e.from}>${e.to}`), ['validate>charge', 'validate>reserve', 'charge>ship', 'reserve>ship'])
    for (const e of l.edges) assert.match(e.d, /^M[\d.]+ [\d.]+ C/)
  })

  it('orders a level by its dependencies\' rows, so edges cross less', () => {
    const steps = [step('a', 0), step('b', 0), step('fromB', 1, ['b']), step('fromA', 1, ['a'])]
    assert.deepEqual(layoutGraph(steps).columns[1], ['fromA', 'fromB'])
  })

  it('depends on the shape only: a status push keeps the same signature', () => {
    const pushed = diamond.map((s) => (s.id === 'charge' ? { ...s, status: 'running' as const, attempt: 1, startedAt: '2025-01-01T00:00:00Z' } : s))
    assert.equal(shapeOf(pushed), shapeOf(diamond))
    assert.notEqual(shapeOf([...diamond, step('notify', 3, ['ship'])]), shapeOf(diamond))
  })

  it('arrow keys: across levels to the nearest node, within a level up and down, stopping at the edges', () => {
    const l = layoutGraph(diamond)
    assert.equal(neighbour(l, 'validate', 'ArrowRight'), 'charge')
    assert.equal(neighbour(l, 'charge', 'ArrowDown'), 'reserve')
    assert.equal(neighbour(l, 'reserve', 'ArrowDown'), undefined)
    assert.equal(neighbour(l, 'reserve', 'ArrowRight'), 'ship')
    assert.equal(neighbour(l, 'ship', 'ArrowRight'), undefined)
    assert.equal(neighbour(l, 'ship', 'ArrowLeft'), 'charge')
    assert.equal(neighbour(l, 'ship', 'Home'), 'validate')
    assert.equal(neighbour(l, 'validate', 'End'), 'ship')
  })

  it('skips an empty level and places nothing for an unknown dependency', () => {
    const l = layoutGraph([step('a', 0), step('c', 2, ['a', 'ghost'])])
    assert.equal(neighbour(l, 'a', 'ArrowRight'), 'c')
    assert.deepEqual(l.edges.map((e) => `${e.from}>${e.to}`), ['a>c'])
  })
})
