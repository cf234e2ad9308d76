// Workflow runs as durable transactions: step functions with inputs, logs and
// idempotency keys; retries; a failure that skips its dependents; a human step
// through the host; and a crash mid-run resumed without running completed steps again.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Leases } from '../../src/core/history/lease'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { compileAction } from '../../src/core/loader/compile'
import { Transaction, type TransactionOptions } from '../../src/core/runtime/transaction'
import { prepareWorkflow } from '../../src/core/workflows/prepare'
import type { ReopenedRun } from '../../src/core/durable/engine'
import { USER, WASM, poll, tempTree, until, workerPath } from './helpers'
import { within } from './startWith'

const ACTIONS = `
import { appendFileSync } from 'node:fs'
const mark = (step: any) => appendFileSync(step.input.counter, step.step + ' ' + step.idempotencyKey + '\\n')
export async function validate(step: any) { mark(step); step.log('valid', step.input.order); return { order: step.input.order } }
export async function charge(step: any) { mark(step); if (step.attempt < 2) throw new Error('gateway timeout'); return { charged: step.results.validate.order } }
export async function reserve(step: any) { mark(step); await new Promise((r) => setTimeout(r, Number(step.input.slowMs ?? 0))); return 'reserved' }
export async function ship(step: any) { mark(step); return { shipped: [step.results.charge.charged, step.results.reserve] } }
export async function explode(step: any) { mark(step); throw new Error('out of boxes') }
`

function workflowFile(steps: object[]): string {
  return JSON.stringify({ name: 'orders', actions: './orders.ts', steps })
}

const DIAMOND = [
  { id: 'validate', type: 'task', config: { action: 'validate', duration_seconds: 0 }, depends_on: [] },
  { id: 'charge', type: 'task', config: { action: 'charge', max_retries: 2, duration_seconds: 0 }, depends_on: ['validate'] },
  { id: 'reserve', type: 'task', config: { action: 'reserve', duration_seconds: 0 }, depends_on: ['validate'] },
  { id: 'ship', type: 'task', config: { action: 'ship', duration_seconds: 0 }, depends_on: ['charge', 'reserve'] },
]

async function setup(steps: object[], extra: Partial<TransactionOptions> = {}) {
  const root = tempTree({ 'orders.ts': ACTIONS, 'o.workflow.json': workflowFile(steps) })
  const file = join(root, 'o.workflow.json')
  const counter = join(root, 'counter.txt')
  writeFileSync(counter, '')
  const dir = join(root, 'history')
  const leases = new Leases(join(dir, 'leases'))
  const window = () => {
    const lease = leases.acquire()
    return { lease, store: new HistoryStore(dir, { lease, leases }) }
  }
  const options = async (id: string, store: HistoryStore): Promise<TransactionOptions> => {
    const p = await prepareWorkflow(file, id, { compile: (f) => compileAction(f, WASM), isAction: (slug) => slug === 'approve', concurrency: 4 })
    return {
      id, workerPath: workerPath(), history: store, compiled: p.compiled, user: USER,
      action: { slug: 'o', name: p.workflow.name, file }, workflow: { data: p.data, started: p.started }, ...extra,
    }
  }
  return { root, file, counter, dir, window, options }
}

describe('workflow runs', function () {
  this.timeout(30_000)

  it('runs steps in dependency order with their inputs, logs and stable idempotency keys; a failed attempt is retried', async () => {
    const s = await setup(DIAMOND)
    const w = s.window()
    const id = newTxId()
    const tx = new Transaction({ ...(await s.options(id, w.store)), params: { order: 'ord_1', counter: s.counter } })
    const r = await within(tx.finished, 20_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual((r.result as Record<string, unknown>).ship, { shipped: ['ord_1', 'reserved'] })
    const lines = readFileSync(s.counter, 'utf8').trim().split('\n')
    assert.deepEqual(lines.map((l) => l.split(' ')[0]).sort(), ['charge', 'charge', 'reserve', 'ship', 'validate'])
    assert.deepEqual(new Set(lines.filter((l) => l.startsWith('charge')).map((l) => l.split(' ')[1])), new Set([`${id}:charge`]), 'the same key on the retry')
    const graph = r.workflow!.steps
    assert.deepEqual(graph.map((g) => [g.id, g.status, g.attempt, g.level]), [['validate', 'completed', 1, 0], ['charge', 'completed', 2, 1], ['reserve', 'completed', 1, 1], ['ship', 'completed', 1, 2]])
    assert.deepEqual(graph[0]!.logs, ['valid ord_1'])
    assert.equal(graph[1]!.error, undefined)
  })

  it('a step that fails for good fails the run and skips what depends on it', async () => {
    const s = await setup([
      { id: 'validate', config: { action: 'validate', duration_seconds: 0 } },
      { id: 'pack', config: { action: 'explode', max_retries: 1, duration_seconds: 0 }, depends_on: ['validate'] },
      { id: 'ship', config: { action: 'ship', duration_seconds: 0 }, depends_on: ['pack'] },
    ])
    const w = s.window()
    const r = await within(new Transaction({ ...(await s.options(newTxId(), w.store)), params: { order: 'o', counter: s.counter } }).finished, 20_000)
    assert.equal(r.status, 'failed')
    assert.match(r.error!.message, /Step "pack" failed: out of boxes/)
    assert.deepEqual(r.workflow!.steps.map((g) => [g.id, g.status, g.attempt]), [['validate', 'completed', 1], ['pack', 'failed', 2], ['ship', 'skipped', 0]])
    assert.equal(r.workflow!.steps[2]!.reason, '"pack" failed')
  })

  it('a human step runs its action as a transaction of its own, through the host', async () => {
    const asked: { id: string; slug: string; params: Record<string, unknown> }[] = []
    const s = await setup([
      { id: 'validate', config: { action: 'validate', duration_seconds: 0 } },
      { id: 'approve', config: { action: 'approve', duration_seconds: 0 }, depends_on: ['validate'] },
      { id: 'done', config: { duration_seconds: 0 }, depends_on: ['approve'] },
    ], { runChild: async (req) => (asked.push(req), { ok: true, value: { approved: true } }) })
    const w = s.window()
    const id = newTxId()
    const r = await within(new Transaction({ ...(await s.options(id, w.store)), params: { order: 'o', counter: s.counter } }).finished, 20_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(asked.map((a) => [a.id, a.slug]), [[`${id}-s1-1`, 'approve']])
    assert.deepEqual((asked[0]!.params.results as Record<string, unknown>).validate, { order: 'o' })
    assert.deepEqual((r.result as Record<string, unknown>).approve, { approved: true })
    assert.equal(r.workflow!.steps[1]!.childTx, `${id}-s1-1`)
  })

  it('a human step naming a team or an assignee tells the host, from the definition, whose Inbox it waits in', async () => {
    const asked: { id: string; step?: string; assignee?: string; team?: string }[] = []
    const s = await setup([
      { id: 'approve', config: { action: 'approve', duration_seconds: 0, team: 'ops' } },
      { id: 'sign', config: { action: 'approve', duration_seconds: 0, assignee: 'Ann@X.io' }, depends_on: ['approve'] },
      { id: 'plain', config: { action: 'approve', duration_seconds: 0 }, depends_on: ['sign'] },
    ], { runChild: async (req) => (asked.push(req), { ok: true, value: 'ok' }) })
    const w = s.window()
    const id = newTxId()
    const r = await within(new Transaction({ ...(await s.options(id, w.store)), params: { order: 'o', counter: s.counter } }).finished, 20_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(asked.map((a) => ({ step: a.step, ...(a.team ? { team: a.team } : {}), ...(a.assignee ? { assignee: a.assignee } : {}) })), [{ step: 'approve', team: 'ops' }, { step: 'sign', assignee: 'ann@x.io' }, { step: 'plain' }])
  })

  it('resumes after a crash: completed steps are not run again, the one cut off runs again with the same key', async () => {
    const s = await setup(DIAMOND)
    const w1 = s.window()
    const id = newTxId()
    const tx = new Transaction({ ...(await s.options(id, w1.store)), params: { order: 'ord_9', counter: s.counter, slowMs: 60_000 } })
    // charge completes (after its retry) while reserve sleeps: the window goes away then.
    await until(tx, (v) => v.workflow?.steps[1]?.status === 'completed')
    await poll(() => readFileSync(s.counter, 'utf8').includes('reserve'))
    tx.abandon()
    w1.lease.release()
    const before = readFileSync(s.counter, 'utf8')
    const w2 = s.window()
    assert.deepEqual(w2.store.recover().orphans, [id])
    const reopened = w2.store.reopen(id)
    assert.ok('log' in reopened)
    // The same run with a quick reserve this time (its params are the journal's: edit the counter's meaning instead).
    const again = new Transaction({ ...(await s.options(id, w2.store)), resumed: reopened as ReopenedRun, hostId: w2.lease.id })
    void again
    await poll(() => readFileSync(s.counter, 'utf8').length > before.length)
    const after = readFileSync(s.counter, 'utf8').slice(before.length)
    assert.deepEqual(after.trim().split('\n').map((l) => l.split(' ')[0]), ['reserve'], 'only the cut-off step ran again')
    assert.equal(after.trim().split(' ')[1], `${id}:reserve`)
    again.cancel()
    const r = await within(again.finished, 5000)
    assert.equal(r.status, 'canceled')
    assert.deepEqual(r.workflow!.steps.map((g) => [g.id, g.status]), [['validate', 'completed'], ['charge', 'completed'], ['reserve', 'canceled'], ['ship', 'canceled']])
  })
})
