// Runs nobody is at (a schedule's): 'fail' ends the run at its first prompt
// with a message History can show, 'queue' waits there and asks the host once
// to queue it for the owner; a run without prompts just completes. Both stay
// so across a crash and a resume (the mode is in the started event). The run's
// trigger reaches its record, its History entry and the index's summary.
import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { HistoryStore } from '../../src/core/history/store'
import { toHistoryEntry } from '../../src/core/history/record'
import { tailPage } from '../../src/core/history/index-tail'
import type { TxTrigger } from '../../src/core/protocol'
import { USER, awaiting, poll, tempTree, until } from './helpers'
import { within } from './startWith'
import { setup, window } from './txSetup'

const WHY = 'it ran on its schedule "0 9 * * 1"'
const SCHEDULED: TxTrigger = { kind: 'schedule', schedule: 'a-0', scheduledFor: '2026-12-07T09:00:00.000Z' }

const events = (dir: string, id: string) => readFileSync(join(dir, `${id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l))

/** Loading, logs, a step and a display work as in any run; then a prompt the action tries to catch. */
const PROMPTS = `
import { appendFileSync } from 'node:fs'
export default async (io, ctx) => {
  ctx.loading.start('Checking refunds')
  ctx.log('before the prompt')
  const n = await ctx.run('count', () => { appendFileSync(ctx.params.counter, 'c\\n'); return 3 })
  await io.display.markdown('Found ' + n)
  try {
    const ok = await io.confirm('Approve 3 refunds?\\nThey are large')
    ctx.log('answered', ok)
  } catch (e) {
    ctx.log('caught', e.message)
  }
  const note = await io.input.text('Note')
  return { n, note }
}`

describe('unattended runs', function () {
  this.timeout(30_000)

  it("'fail': the first prompt fails the run with NeedsPersonError naming the prompt, why, and what to do; what came before ran", async () => {
    const s = await setup(PROMPTS)
    const w = window(s.dir)
    let asked = 0
    const tx = s.begin(w.store, { unattended: { mode: 'fail', why: WHY }, trigger: SCHEDULED, onNeedsPerson: () => void asked++ })
    const r = await within(tx.finished, 10_000)
    assert.equal(r.status, 'failed')
    assert.equal(r.error!.name, 'NeedsPersonError')
    assert.equal(r.error!.message, `Nobody was there to answer "Approve 3 refunds? They are large": ${WHY}; set scheduleMode: 'queue' to queue it for its owner instead.`)
    assert.ok(!r.error!.message.includes('\n'), 'one line')
    assert.equal(asked, 0, "'fail' queues nothing")
    assert.deepEqual(r.logs, ['before the prompt'], 'the action could not catch it and go on')
    assert.equal(r.durableSteps[0].status, 'succeeded')
    assert.equal(r.progress[0].label, 'Checking refunds')
    assert.equal(r.feed.length, 1, 'the display is in the feed')
    const log = events(s.dir, tx.id)
    assert.equal(log.filter((e) => e.type === 'render').length, 0, 'no prompt was shown')
    assert.deepEqual(log[0].unattended, { mode: 'fail', why: WHY })
    assert.deepEqual(toHistoryEntry(w.store.read(tx.id)).error, r.error)
  })

  it("'queue': the run waits at its first prompt, onNeedsPerson is called once, and the run goes on when answered", async () => {
    const s = await setup(PROMPTS)
    const w = window(s.dir)
    const asked: { seq: number; label: string }[] = []
    const tx = s.begin(w.store, { unattended: { mode: 'queue', why: WHY }, trigger: SCHEDULED, onNeedsPerson: (p) => void asked.push(p) })
    const v = await awaiting(tx)
    assert.equal(v.status, 'awaiting')
    assert.deepEqual(asked, [{ seq: v.prompt!.seq, label: 'Approve 3 refunds? They are large' }])
    tx.submit(v.prompt!.seq, [true], undefined, 'owner@example.com')
    const next = await until(tx, (x) => x.prompt?.components[0].label === 'Note')
    tx.submit(next.prompt!.seq, ['done'])
    const r = await within(tx.finished, 10_000)
    assert.equal(r.status, 'completed')
    assert.deepEqual(r.result, { n: 3, note: 'done' })
    assert.equal(asked.length, 1, 'called once: the owner is at it after the first answer')
    assert.deepEqual(r.logs, ['before the prompt', 'answered true'])
  })

  it('a scheduled run without prompts completes, with loading, logs and steps; its trigger is in the record, the History entry and the summary', async () => {
    const s = await setup(`
export default async (io, ctx) => {
  ctx.loading.start({ label: 'Syncing', itemsInQueue: 2 })
  const a = await ctx.run('first', () => 1)
  ctx.loading.completeOne()
  ctx.log('synced', a)
  await io.display.heading('Nightly sync')
  return { a, when: ctx.now() > 0 }
}`)
    const w = window(s.dir)
    const tx = s.begin(w.store, { unattended: { mode: 'fail', why: WHY }, trigger: SCHEDULED })
    const r = await within(tx.finished, 10_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { a: 1, when: true })
    assert.deepEqual(r.trigger, SCHEDULED)
    assert.deepEqual(toHistoryEntry(w.store.read(tx.id)).trigger, SCHEDULED)
    assert.equal(w.store.summary(tx.id)!.trigger, 'schedule')
    assert.equal(w.store.query().items[0].trigger, 'schedule')
    assert.equal(tailPage(join(s.dir, 'index.tsv'), 10)!.items[0].trigger, 'schedule', 'the first page read from the end of the index')

    // A run opened from an Inbox; and one somebody ran, which has none.
    const queued = await within(s.begin(w.store, { trigger: { kind: 'queue', item: 'q-7' } }).finished, 10_000)
    const plain = await within(s.begin(w.store).finished, 10_000)
    assert.deepEqual(queued.trigger, { kind: 'queue', item: 'q-7' })
    assert.equal(w.store.summary(queued.id)!.trigger, 'queue')
    assert.equal(plain.trigger, undefined)
    assert.equal(toHistoryEntry(w.store.read(plain.id)).trigger, undefined)
    assert.ok(!('trigger' in w.store.summary(plain.id)!))
    assert.equal(readFileSync(join(s.dir, 'index.tsv'), 'utf8').split('\n').find((l) => l.startsWith(`S\t${plain.id}\t`))!.split('\t').length, 8, "an unmarked run's index line is as before")

    // The index is a cache of the logs: rebuilt from them, the triggers come back.
    w.lease.release()
    rmSync(join(s.dir, 'index.tsv'))
    const again = window(s.dir)
    await again.store.scan()
    assert.equal(again.store.summary(tx.id)!.trigger, 'schedule')
    assert.equal(again.store.summary(queued.id)!.trigger, 'queue')
    assert.equal(again.store.summary(plain.id)!.trigger, undefined)
  })

  it('an index line written before triggers (8 fields) reads as before', () => {
    const dir = join(tempTree({}), 'h')
    const store = new HistoryStore(dir)
    store.create('old1', { action: { slug: 'a', name: 'A', file: '/w/a.ts' }, codeHash: 'h', params: {}, user: USER })
    const line = readFileSync(join(dir, 'index.tsv'), 'utf8').trim()
    assert.equal(line.split('\t').length, 8)
    assert.equal(new HistoryStore(dir).summary('old1')!.trigger, undefined)
  })

  it('a resumed run stays unattended without being told again: queue mode asks again at its waiting prompt, fail mode fails there', async () => {
    // queue: crash while it waits for its owner; the new window's Transaction is given no `unattended`.
    const s = await setup(PROMPTS)
    const w1 = window(s.dir)
    const first: unknown[] = []
    const tx = s.begin(w1.store, { unattended: { mode: 'queue', why: WHY }, trigger: SCHEDULED, onNeedsPerson: (p) => void first.push(p) })
    const v = await awaiting(tx)
    assert.equal(first.length, 1)
    tx.abandon()
    w1.lease.release()
    const w2 = window(s.dir)
    const again: { seq: number; label: string }[] = []
    const resumed = s.resume(w2.store, tx.id, { onNeedsPerson: (p) => void again.push(p) })
    const rv = await awaiting(resumed)
    assert.equal(rv.prompt!.seq, v.prompt!.seq)
    await poll(() => again.length === 1)
    assert.deepEqual(again, [{ seq: v.prompt!.seq, label: 'Approve 3 refunds? They are large' }], 'a queue write lost to the crash is made again (stores add a known id once)')
    resumed.submit(rv.prompt!.seq, [false])
    const note = await until(resumed, (x) => x.prompt?.components[0].label === 'Note')
    resumed.submit(note.prompt!.seq, ['later'])
    const r = await within(resumed.finished, 10_000)
    assert.equal(r.status, 'completed')
    assert.equal(again.length, 1)
    assert.equal(readFileSync(s.counter, 'utf8'), 'c\n', 'the step before the prompt ran once')
    assert.deepEqual(w2.store.read(tx.id).trigger, SCHEDULED)

    // fail: crash inside a step before the prompt; resumed without `unattended`, it still fails at the prompt.
    const f = await setup(`
import { appendFileSync, readFileSync } from 'node:fs'
export default async (io, ctx) => {
  await ctx.run('slow', async () => {
    appendFileSync(ctx.params.counter, 'x\\n')
    if (readFileSync(ctx.params.counter, 'utf8').length === 2) await new Promise((r) => setTimeout(r, 60_000))
  })
  return await io.input.text('Who?')
}`)
    const fw1 = window(f.dir)
    const ftx = f.begin(fw1.store, { unattended: { mode: 'fail', why: WHY } })
    await poll(() => readFileSync(f.counter, 'utf8') === 'x\n')
    ftx.abandon()
    fw1.lease.release()
    const fw2 = window(f.dir)
    const fr = await within(f.resume(fw2.store, ftx.id).finished, 10_000)
    assert.equal(fr.status, 'failed')
    assert.equal(fr.error!.name, 'NeedsPersonError')
    assert.match(fr.error!.message, /^Nobody was there to answer "Who\?": it ran on its schedule/)
    assert.equal(fr.resumed, 1)
  })
})
