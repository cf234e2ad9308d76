// Finding workflow files: which paths match, their slugs, and the check that
// every step action is a step function of the `actions` module or an action.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { FileFilter } from '../../src/core/discovery/glob'
import { WORKFLOW_INCLUDE, workflowSlug } from '../../src/core/discovery/workflowFiles'
import { parseWorkflow, type Workflow } from '../../src/core/workflows/format'
import { exportedNames, moduleCandidates, stepActionProblems } from '../../src/core/workflows/stepActions'

const ORDER = {
  name: 'order-processing',
  actions: './orders.ts',
  steps: [
    { id: 'validate', type: 'task', config: { action: 'validate_order' }, depends_on: [] },
    { id: 'approve', type: 'task', config: { action: 'billing/approve-refund' }, depends_on: ['validate'] },
    { id: 'ship', type: 'task', config: { action: 'ship_order' }, depends_on: ['approve'] },
    { id: 'wait', type: 'task', config: {}, depends_on: ['ship'] },
  ],
}

function parsed(doc: object): { text: string; workflow: Workflow } {
  const text = JSON.stringify(doc, null, 2)
  const r = parseWorkflow(text)
  assert.ok(r.ok)
  return { text, workflow: r.workflow }
}

describe('workflow discovery', () => {
  it('matches the default include, minus the exclude globs', () => {
    const f = new FileFilter(WORKFLOW_INCLUDE, ['**/node_modules/**', '**/.git/**'])
    assert.ok(f.matches('order-processing.workflow.json'))
    assert.ok(f.matches('orders/deep/slow-order.workflow.json'))
    assert.ok(!f.matches('orders/order.json'))
    assert.ok(!f.matches('orders/order.workflow.jsonc'))
    assert.ok(!f.matches('node_modules/pkg/x.workflow.json'))
    assert.ok(!f.matches('a/node_modules/x.workflow.json'))
  })

  it('slugs a workflow like an action: its path without the suffix', () => {
    assert.equal(workflowSlug('orders/order-processing.workflow.json'), 'orders/order-processing')
    assert.equal(workflowSlug('zz-broken.workflow.json'), 'zz-broken')
    assert.equal(workflowSlug('my flows/ship it.workflow.json'), 'my_flows/ship_it')
    // Another include glob: the name without `.json`.
    assert.equal(workflowSlug('flows/nightly.json'), 'flows/nightly')
  })

  it('reads the named exports of a module from its text', () => {
    const names = exportedNames(`
      export async function validate_order(step) {}
      export function* gen() {}
      export const charge_payment = async () => {}
      export let counter = 0
      export { reserve as reserve_stock, helper }
      export default function main() {}
      function notExported() {}
    `)
    assert.deepEqual([...names].sort(), ['charge_payment', 'counter', 'gen', 'helper', 'reserve_stock', 'validate_order'])
  })

  it('looks for the module as written, else with a script extension', () => {
    const dir = join('/w', 'orders')
    assert.deepEqual(moduleCandidates(join(dir, 'a.workflow.json'), './orders.ts'), [join(dir, 'orders.ts')])
    assert.deepEqual(moduleCandidates(join(dir, 'a.workflow.json'), '../lib/steps'), ['', '.ts', '.mts', '.js', '.mjs'].map((e) => join('/w', 'lib', 'steps') + e))
  })

  it('accepts step actions that are exports or action slugs, and steps without one', () => {
    const { text, workflow } = parsed(ORDER)
    const problems = stepActionProblems(text, workflow, { exports: new Set(['validate_order', 'ship_order']), isActionSlug: (s) => s === 'billing/approve-refund' })
    assert.deepEqual(problems, [])
  })

  it('reports an unknown step action at its value', () => {
    const { text, workflow } = parsed(ORDER)
    const problems = stepActionProblems(text, workflow, { exports: new Set(['validate_order']), isActionSlug: () => false })
    assert.deepEqual(problems.map((p) => text.slice(p.offset, p.offset + p.length)), ['"billing/approve-refund"', '"ship_order"'])
    assert.match(problems[1]!.message, /^Step "ship": "ship_order" is neither a function exported by "\.\/orders\.ts" nor an action's slug\.$/)
  })

  it('reports a missing actions module at "actions", and its steps as unknown', () => {
    const { text, workflow } = parsed(ORDER)
    const problems = stepActionProblems(text, workflow, { exports: null, isActionSlug: (s) => s.includes('/') })
    assert.equal(text.slice(problems[0]!.offset, problems[0]!.offset + problems[0]!.length), '"./orders.ts"')
    assert.match(problems[0]!.message, /not found/)
    assert.deepEqual(problems.slice(1).map((p) => p.message.split(':')[0]), ['Step "validate"', 'Step "ship"'])
  })

  it('a step function cannot be assigned (only a human step waits in an Inbox): reported at the assignee or team', () => {
    const doc = { ...ORDER, steps: ORDER.steps.map((s) => (s.id === 'validate' ? { ...s, config: { ...s.config, team: 'ops' } } : s.id === 'approve' ? { ...s, config: { ...s.config, assignee: 'ann@x.io' } } : s)) }
    const { text, workflow } = parsed(doc)
    const problems = stepActionProblems(text, workflow, { exports: new Set(['validate_order', 'ship_order']), isActionSlug: (s) => s === 'billing/approve-refund' })
    assert.deepEqual(problems.map((p) => text.slice(p.offset, p.offset + p.length)), ['"ops"'])
    assert.match(problems[0]!.message, /^Step "validate": "validate_order" is a step function, which runs by itself; only a human step \(an action's slug\) can name a team\.$/)
  })

  it('without an actions module, only action slugs are known', () => {
    const { actions: _, ...noModule } = ORDER
    const { text, workflow } = parsed(noModule)
    const problems = stepActionProblems(text, workflow, { exports: undefined, isActionSlug: (s) => s === 'billing/approve-refund' })
    assert.equal(problems.length, 2)
    assert.match(problems[0]!.message, /names no "actions" module/)
  })
})
