// Workflow files: parsing with exact places for every problem, the DAG's
// levels, and the scheduler (order, parallelism, skip on failure, cancel).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseWorkflow, type Problem, type WorkflowStep } from '../../src/core/workflows/format'
import { levels } from '../../src/core/workflows/graph'
import { idempotencyKey, runSteps, simulatedTask, type StepEvent } from '../../src/core/workflows/scheduler'
import { ROOT } from './helpers'

const ORDER = {
  name: 'order-processing',
  steps: [
    { id: 'validate', type: 'task', config: { action: 'validate_order', duration_seconds: 2, fail_probability: 0.0, max_retries: 0 }, depends_on: [] },
    { id: 'charge', type: 'task', config: { action: 'charge_payment', max_retries: 3 }, depends_on: ['validate'] },
    { id: 'reserve', type: 'task', config: { action: 'reserve_stock' }, depends_on: ['validate'] },
    { id: 'ship', type: 'task', config: {}, depends_on: ['charge', 'reserve'] },
  ],
}

/** The text a problem points at. */
const pointed = (text: string, p: Problem): string => text.slice(p.offset, p.offset + p.length)

function problems(doc: unknown): { text: string; problems: Problem[] } {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2)
  const r = parseWorkflow(text)
  assert.equal(r.ok, false, 'expected problems')
  return { text, problems: (r as { problems: Problem[] }).problems }
}

describe('workflow files', () => {
  it('reads the existing engine\'s format unchanged, with its defaults', () => {
    const r = parseWorkflow(JSON.stringify(ORDER))
    assert.ok(r.ok)
    assert.deepEqual(r.workflow.steps[0], { id: 'validate', type: 'task', action: 'validate_order', durationSeconds: 2, failProbability: 0, maxRetries: 0, dependsOn: [] })
    assert.deepEqual(r.workflow.steps[3], { id: 'ship', type: 'task', durationSeconds: 1, failProbability: 0, maxRetries: 0, dependsOn: ['charge', 'reserve'] })
    assert.deepEqual(levels(r.workflow.steps), [['validate'], ['charge', 'reserve'], ['ship']])
  })

  it('reads our additions: actions, input, description', () => {
    const r = parseWorkflow(JSON.stringify({ ...ORDER, description: 'Orders', actions: './orders.ts', input: { type: 'object', properties: { order: { type: 'string' } } } }))
    assert.ok(r.ok)
    assert.equal(r.workflow.actions, './orders.ts')
    assert.deepEqual(r.workflow.input, { type: 'object', properties: { order: { type: 'string' } } })
  })

  it('reads who a human step is for: an assignee (an email, lower-cased) or a team', () => {
    const r = parseWorkflow(JSON.stringify({ name: 'x', steps: [{ id: 'a', config: { action: 'refund', assignee: ' Ann@X.io' } }, { id: 'b', config: { action: 'refund', team: 'ops' } }] }))
    assert.ok(r.ok)
    assert.equal(r.workflow.steps[0]!.assignee, 'ann@x.io')
    assert.equal(r.workflow.steps[1]!.team, 'ops')
  })

  it('contributes a JSON schema for *.workflow.json that knows the format\'s fields', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { jsonValidation: { fileMatch: string; url: string }[] } }
    const entry = pkg.contributes.jsonValidation.find((j) => j.fileMatch === '*.workflow.json')!
    const schema = JSON.parse(readFileSync(join(ROOT, entry.url), 'utf8'))
    const config = schema.properties.steps.items.properties.config.properties
    assert.deepEqual(Object.keys(config).sort(), ['action', 'assignee', 'duration_seconds', 'fail_probability', 'max_retries', 'team'])
    assert.deepEqual(schema.required, ['name', 'steps'])
  })

  it('points at the exact place of each problem', () => {
    const cases: [unknown, RegExp, string][] = [
      ['{ "name": "x", "steps": [ }', /Invalid JSON/, '}'],
      ['[1]', /JSON object/, '[1]'],
      [{ steps: ORDER.steps }, /"name" must be/, ''],
      [{ name: 'x', steps: {} }, /"steps" must be an array/, '{}'],
      [{ name: 'x', steps: [] }, /at least one step/, '[]'],
      [{ name: 'x', steps: [{ id: 'a b', config: {} }] }, /"id" must be/, '"a b"'],
      [{ name: 'x', steps: [{ id: 'a', config: { fail_probability: 2 } }] }, /"fail_probability" must be a number from 0 to 1/, '2'],
      [{ name: 'x', steps: [{ id: 'a', config: { max_retries: 1.5 } }] }, /"max_retries" must be a whole number/, '1.5'],
      [{ name: 'x', steps: [{ id: 'a', config: { duration_seconds: -1 } }] }, /"duration_seconds"/, '-1'],
      [{ name: 'x', steps: [{ id: 'a', config: { action: 3 } }] }, /"action" must be/, '3'],
      [{ name: 'x', steps: [{ id: 'a', config: [] }] }, /"config" must be an object/, '[]'],
      [{ name: 'x', steps: [{ id: 'a', config: { action: 'refund', assignee: 'nobody' } }] }, /"assignee" must be the email of a person/, '"nobody"'],
      [{ name: 'x', steps: [{ id: 'a', config: { action: 'refund', team: '' } }] }, /"team" must be the name of a team/, '""'],
      [{ name: 'x', steps: [{ id: 'a', config: { action: 'refund', team: 'ops', assignee: 'a@x.io' } }] }, /an "assignee" or a "team", not both/, '"ops"'],
      [{ name: 'x', steps: [{ id: 'a', config: { team: 'ops' } }] }, /Step 1: only a human step .* can name a team/, '"ops"'],
      [{ name: 'x', steps: [{ id: 'a', depends_on: 'b' }] }, /"depends_on" must be an array/, '"b"'],
      [{ name: 'x', steps: [{ id: 'a' }, { id: 'a' }] }, /Duplicate step id "a"/, '"a"'],
      [{ name: 'x', steps: [{ id: 'a', depends_on: ['nope'] }] }, /depends on "nope", which is not a step/, '"nope"'],
      [{ name: 'x', steps: [{ id: 'a', depends_on: ['a'] }] }, /depends on itself/, '"a"'],
      [{ name: 'x', steps: [{ id: 'a', depends_on: ['c'] }, { id: 'b', depends_on: ['a'] }, { id: 'c', depends_on: ['b'] }] }, /cycle: a → c → b → a/, '"c"'],
      [{ name: 'x', steps: [{ id: 'a' }, { id: 'b', depends_on: ['a', 'a'] }] }, /lists "a" twice/, '"a"'],
      [{ name: 'x', actions: '', steps: [{ id: 'a' }] }, /"actions" must be the path/, '""'],
      [{ name: 'x', input: 'object', steps: [{ id: 'a' }] }, /"input" must be a JSON schema/, '"object"'],
    ]
    for (const [doc, message, at] of cases) {
      const { text, problems: found } = problems(doc)
      assert.match(found[0]!.message, message, JSON.stringify(doc))
      if (at) assert.equal(pointed(text, found[0]!), at, `${found[0]!.message} points at ${JSON.stringify(pointed(text, found[0]!))}`)
    }
  })
})

const steps = (spec: Record<string, string[]>, extra: Partial<WorkflowStep> = {}): WorkflowStep[] =>
  Object.entries(spec).map(([id, dependsOn]) => ({ id, type: 'task', durationSeconds: 0, failProbability: 0, maxRetries: 0, dependsOn, ...extra }))

const tick = () => new Promise((r) => setTimeout(r, 5))

describe('workflow scheduler', () => {
  it('runs steps in dependency order, independent ones at once up to the concurrency, with their inputs', async () => {
    const dag = steps({ a: [], b: ['a'], c: ['a'], d: ['a'], e: ['b', 'c', 'd'] })
    let now = 0
    let peak = 0
    const started: string[] = []
    const r = await runSteps(dag, {
      concurrency: 2,
      runStep: async (s, { inputs }) => {
        started.push(s.id)
        peak = Math.max(peak, ++now)
        await tick()
        now--
        return { id: s.id, saw: Object.keys(inputs) }
      },
    })
    assert.equal(r.status, 'completed')
    assert.deepEqual(started, ['a', 'b', 'c', 'd', 'e'])
    assert.equal(peak, 2, 'two of b, c, d at a time')
    assert.deepEqual(r.results.e, { id: 'e', saw: ['b', 'c', 'd'] })
  })

  it('a step that fails fails the run; what depends on it is skipped; others finish', async () => {
    const dag = steps({ a: [], b: ['a'], c: ['b'], x: [] })
    const events: StepEvent[] = []
    const r = await runSteps(dag, {
      concurrency: 4,
      runStep: async (s) => {
        await tick()
        if (s.id === 'a') throw new Error('card declined')
        return s.id
      },
      onStep: (e) => events.push(e),
    })
    assert.equal(r.status, 'failed')
    assert.equal(r.failed?.step, 'a')
    assert.deepEqual(events.filter((e) => e.status !== 'running'), [
      { step: 'a', status: 'failed', reason: 'card declined' },
      { step: 'b', status: 'skipped', reason: '"a" failed' },
      { step: 'c', status: 'skipped', reason: '"a" failed' },
      { step: 'x', status: 'completed' },
    ])
  })

  it('cancel tells running steps and starts no new one', async () => {
    const dag = steps({ a: [], b: ['a'], c: [] })
    const cancel = new AbortController()
    const started: string[] = []
    let told = false
    const run = runSteps(dag, {
      concurrency: 1, signal: cancel.signal,
      runStep: (s, { signal }) => {
        started.push(s.id)
        return new Promise((_, reject) => signal.addEventListener('abort', () => ((told = true), reject(new Error('stopped')))))
      },
    })
    await tick()
    cancel.abort()
    const r = await run
    assert.equal(r.status, 'canceled')
    assert.ok(told, 'the running step was told')
    assert.deepEqual(started, ['a'], 'no new step started')
    assert.deepEqual(r.results, {})
  })

  it('simulated tasks fail with their probability (seeded), and idempotency keys are stable', async () => {
    const [step] = steps({ a: [] }, { failProbability: 0.5, durationSeconds: 0 })
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const outcomes: string[] = []
    for (let i = 0; i < 8; i++) {
      outcomes.push(await simulatedTask(step!, random, async () => {}, new AbortController().signal).then(() => 'ok', () => 'fail'))
    }
    assert.deepEqual(outcomes, ['fail', 'ok', 'fail', 'fail', 'ok', 'ok', 'fail', 'ok'])
    assert.equal(idempotencyKey('0abc-x', 'charge'), idempotencyKey('0abc-x', 'charge'))
    assert.notEqual(idempotencyKey('0abc-x', 'charge'), idempotencyKey('0abc-y', 'charge'))
  })
})
