// Durable transactions: a run taken over after its window went away replays
// its journal in a new worker (answers, steps, now/random), detects divergence,
// and only the claim's holder writes.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HistoryStore } from '../../src/core/history/store'
import { compileAction } from '../../src/core/loader/compile'
import { Transaction } from '../../src/core/runtime/transaction'
import { claimKey } from '../../src/core/durable/claims'
import { Drafts } from '../../src/core/history/drafts'
import type { ReopenedRun } from '../../src/core/durable/engine'
import { WASM, awaiting, poll, tempTree, until } from './helpers'
import { within } from './startWith'
import { setup, window } from './txSetup'

async function answer(tx: Transaction, values: unknown[]): Promise<void> {
  const v = await awaiting(tx)
  assert.equal(v.status, 'awaiting', JSON.stringify(v.error))
  tx.submit(v.prompt!.seq, values)
  await until(tx, (x) => x.prompt?.seq !== v.prompt!.seq || x.status !== 'awaiting')
}

/** The window goes away without a word (like a crash): its worker stops, its lease is gone. */
function crash(tx: Transaction, w: { lease: { release(): void } }): void {
  tx.abandon()
  w.lease.release()
}

const THREE = `
import { appendFileSync } from 'node:fs'
export default async (io, ctx) => {
  const a = await io.input.text('First')
  console.log('after first', a)
  const b = await io.input.text('Second')
  const charged = await ctx.run('charge', () => { appendFileSync(ctx.params.counter, 'charge\\n'); return { id: 'ch_' + a + b } })
  ctx.log('charged', charged.id)
  const t = ctx.now()
  const r = ctx.random()
  const c = await io.input.text('Third')
  return { a, b, c, charged: charged.id, t, r }
}`

describe('durable transactions', function () {
  this.timeout(30_000)

  it('resumes at the first unanswered prompt: answers, steps, now and random replayed; logs not doubled', async () => {
    const s = await setup(THREE)
    const w1 = window(s.dir)
    const tx = s.begin(w1.store)
    await answer(tx, ['one'])
    await answer(tx, ['two'])
    const before = await awaiting(tx)
    assert.equal(before.prompt!.components[0].label, 'Third')
    crash(tx, w1)

    const w2 = window(s.dir)
    assert.deepEqual(w2.store.recover().orphans, [tx.id])
    const again = s.resume(w2.store, tx.id)
    const v = await awaiting(again)
    assert.equal(v.prompt!.components[0].label, 'Third', 'shown where the person left off')
    assert.equal(v.prompt!.seq, before.prompt!.seq, 'the same screen: a draft for it is kept')
    assert.equal(v.resumed, 1)
    again.submit(v.prompt!.seq, ['three'])
    const r = await within(again.finished, 10_000)
    assert.equal(r.status, 'completed')
    const first = (r.result as { t: number; r: number })
    assert.deepEqual({ ...(r.result as object), t: 0, r: 0 }, { a: 'one', b: 'two', c: 'three', charged: 'ch_onetwo', t: 0, r: 0 })
    const log = readFileSync(join(s.dir, `${tx.id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    const recorded = log.filter((e) => e.type === 'recorded')
    assert.deepEqual(recorded.map((e) => e.value), [first.t, first.r], 'now and random come from the journal')
    assert.equal(readFileSync(s.counter, 'utf8'), 'charge\n', 'the step ran once')
    assert.deepEqual(r.logs, ['after first one', 'charged ch_onetwo'], 'replayed log lines are not logged twice')
    assert.equal(log.filter((e) => e.type === 'render').length, 3, 'no screen rendered twice')
    assert.equal(w2.store.summary(tx.id)!.resumed, 1)
    assert.equal(w2.store.read(tx.id).durableSteps[0].status, 'succeeded')
  })

  it('a changed label at an answered position stops the run diverged, naming both calls', async () => {
    const s = await setup(THREE)
    const w1 = window(s.dir)
    const tx = s.begin(w1.store)
    await answer(tx, ['one'])
    await answer(tx, ['two'])
    crash(tx, w1)
    writeFileSync(s.file, THREE.replace("'Second'", "'Second, renamed'"))
    const changed = await compileAction(s.file, WASM)
    assert.notEqual(changed.hash, s.compiled.hash)
    const w2 = window(s.dir)
    const r = await within(s.resume(w2.store, tx.id, { compiled: changed }).finished, 10_000)
    assert.equal(r.status, 'diverged')
    assert.deepEqual(r.divergence, { seq: 2, expected: 'io.input.text "Second"', actual: 'io.input.text "Second, renamed"' })
    assert.equal(readFileSync(s.counter, 'utf8'), '', 'nothing after the divergence ran')
  })

  it('a changed method gives diverged too, and a step in place of a prompt', async () => {
    const s = await setup(THREE)
    const w1 = window(s.dir)
    const tx = s.begin(w1.store)
    await answer(tx, ['one'])
    crash(tx, w1)
    writeFileSync(s.file, THREE.replace("io.input.text('First')", "io.input.email('First')"))
    const w2 = window(s.dir)
    const r = await within(s.resume(w2.store, tx.id, { compiled: await compileAction(s.file, WASM) }).finished, 10_000)
    assert.equal(r.status, 'diverged')
    assert.equal(r.divergence!.actual, 'io.input.email "First"')
  })

  it('ctx.run retries as configured, never retries a TerminalError, and a step cut off by a crash runs again once', async () => {
    const s = await setup(`
import { appendFileSync, readFileSync } from 'node:fs'
import { TerminalError } from 'mini-interval'
export default async (io, ctx) => {
  const n = () => readFileSync(ctx.params.counter, 'utf8').split('\\n').filter(Boolean).length
  const flaky = await ctx.run('flaky', () => { appendFileSync(ctx.params.counter, 'f\\n'); if (n() < 3) throw new Error('not yet ' + n()); return n() },
    { retry: { maxAttempts: 5, initialDelayMs: 1, factor: 1 } })
  let terminal = ''
  try { await ctx.run('terminal', () => { appendFileSync(ctx.params.counter, 't\\n'); throw new TerminalError('no') }, { retry: { maxAttempts: 5 } }) }
  catch (e) { terminal = e.name + ': ' + e.message }
  await ctx.run('slow', async () => { appendFileSync(ctx.params.counter, 's\\n'); await new Promise(r => setTimeout(r, 60_000)) })
  return { flaky, terminal }
}`)
    const w1 = window(s.dir)
    const tx = s.begin(w1.store)
    await until(tx, (v) => v.step?.name === 'slow')
    await poll(() => readFileSync(s.counter, 'utf8').endsWith('s\n'))
    assert.equal(readFileSync(s.counter, 'utf8'), 'f\nf\nf\nt\ns\n')
    const steps = tx.view
    assert.equal(steps.status === 'running' || steps.status === 'awaiting', true)
    crash(tx, w1)
    const rec = new HistoryStore(s.dir).read(tx.id)
    assert.deepEqual(rec.durableSteps.map((d) => [d.name, d.status, d.attempts]), [['flaky', 'succeeded', 3], ['terminal', 'failed', 1], ['slow', 'running', 1]])
    const w2 = window(s.dir)
    const again = s.resume(w2.store, tx.id)
    await until(again, (v) => v.step?.attempt === 2)
    await poll(() => readFileSync(s.counter, 'utf8').endsWith('s\ns\n')).catch(() => assert.fail(readFileSync(s.counter, 'utf8') + JSON.stringify(again.view)))
    assert.equal(readFileSync(s.counter, 'utf8'), 'f\nf\nf\nt\ns\ns\n', 'finished steps not run again; the cut-off one once more')
    again.cancel()
    await within(again.finished, 5000)
  })

  it('the claim: a live holder keeps it, a dead one loses it, two contenders get one winner, a stale writer is refused', async () => {
    const s = await setup(THREE)
    const w1 = window(s.dir)
    const tx = s.begin(w1.store)
    await awaiting(tx)
    const w2 = window(s.dir)
    assert.ok('heldBy' in w2.store.reopen(tx.id), 'a live window keeps its transaction')
    assert.deepEqual(w2.store.recover().orphans, [], 'and it is no orphan')
    // w1 looks dead (its lease is gone) though its process lives on.
    tx.abandon()
    w1.lease.release()
    const w3 = window(s.dir)
    const ra = w2.store.reopen(tx.id)
    const rb = w3.store.reopen(tx.id)
    assert.ok('log' in ra, 'the first contender wins')
    assert.ok('heldBy' in rb, 'the second is refused: the winner is alive')
    // w1 comes back from the dead and tries to write with its old epoch: fenced.
    const claims = w1.store.claims
    assert.equal(claims.current(claimKey('tx', tx.id))!.epoch, 2)
    assert.throws(() => (tx as unknown as { log: { append(e: unknown): void } }).log.append({ type: 'log', message: 'zombie' }), /took over/)
    ;(ra as ReopenedRun).log.append({ type: 'log', message: 'winner' })
    assert.deepEqual(new HistoryStore(s.dir).read(tx.id).logs.slice(-1), ['winner'])
    ;(ra as ReopenedRun).log.append({ type: 'canceled' })
    assert.ok(claims.current(claimKey('tx', tx.id)), 'held until the end is on disk')
    await (ra as ReopenedRun).log.synced?.()
    assert.equal(claims.current(claimKey('tx', tx.id)), undefined, 'an ended run drops its claim')
  })

  it('an answer to the waiting screen given before the replay reaches it is taken when it does', async () => {
    const s = await setup(`export default async (io) => { const a = await io.input.text('One'); await new Promise((r) => setTimeout(r, 400)); return [a, await io.input.text('Two')] }`)
    const w1 = window(s.dir)
    const tx = s.begin(w1.store)
    await answer(tx, ['first'])
    await until(tx, (v) => v.prompt?.components[0].label === 'Two')
    crash(tx, w1)
    const w2 = window(s.dir)
    const again = s.resume(w2.store, tx.id)
    // The tab shows the waiting screen from the log at once; the person answers while the code is still in its 400 ms wait.
    assert.equal(again.view.prompt?.components[0].label, 'Two')
    again.submit(again.view.prompt!.seq, ['second'])
    const r = await within(again.finished, 10_000)
    assert.deepEqual(r.result, ['first', 'second'])
  })

  it('keeps typing of a waiting screen (sensitive fields left out) until the run ends', () => {
    const d = new Drafts(join(tempTree({}), 'drafts'))
    const components = [{ method: 'INPUT_TEXT' as const, label: 'Note', props: {} }, { method: 'INPUT_TEXT' as const, label: 'Secret', props: { sensitive: true } }]
    d.put('tx-1', { seq: 3, values: ['hello', 'hunter2'] }, components)
    d.flush()
    const fresh = new Drafts(d.dir)
    assert.deepEqual(fresh.get('tx-1'), { seq: 3, values: ['hello', null] })
    fresh.drop('tx-1')
    assert.equal(new Drafts(d.dir).get('tx-1'), undefined)
  })

  it('a journal past its cap fails the run with a clear message', async () => {
    const s = await setup(`export default async (io, ctx) => { for (let i = 0; i < 20000; i++) ctx.now(); return 'never' }`)
    const w1 = window(s.dir)
    const r = await within(s.begin(w1.store).finished, 20_000)
    assert.equal(r.status, 'failed')
    assert.equal(r.error!.name, 'JournalLimitError')
    assert.match(r.error!.message, /more than 10,000/)
  })
})
