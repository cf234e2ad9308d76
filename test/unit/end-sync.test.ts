// A run's end is made durable off the main thread, the ends of one turn as one
// group (history/endSync.ts): nothing is told the run ended (the index, its
// claim, the Transaction's listeners and `finished`) before its fdatasync
// returned. The pool's fdatasync is replaced by one the test completes by hand.
import { strict as assert } from 'node:assert'
import { fdatasync } from 'node:fs'
import { join } from 'node:path'
import { claimKey } from '../../src/core/durable/claims'
import { endsSettled, setFdatasync } from '../../src/core/history/endSync'
import { Leases } from '../../src/core/history/lease'
import { HistoryStore } from '../../src/core/history/store'
import type { TxStatus } from '../../src/core/protocol'
import { USER, awaiting, tempTree } from './helpers'
import { startWith, within } from './startWith'

const started = () => ({ action: { slug: 'a', name: 'A', file: '/w/a.ts' }, codeHash: 'h', params: {}, user: USER })
const turn = () => new Promise((r) => setImmediate(r))

/** fdatasync calls held until the test lets them go (each really syncs then), or fails them. */
function heldSyncs() {
  const calls: { fd: number; done: (err: NodeJS.ErrnoException | null) => void }[] = []
  setFdatasync((fd, done) => void calls.push({ fd, done }))
  return {
    calls,
    release(i: number) {
      const c = calls[i]
      fdatasync(c.fd, (err) => c.done(err))
    },
    fail(i: number) {
      const e = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
      calls[i].done(e)
    },
  }
}

/** Resolves to whether `p` settled within a few turns. */
async function settledSoon(p: Promise<unknown> | undefined): Promise<boolean> {
  let done = false
  void p?.then(() => (done = true), () => (done = true))
  for (let i = 0; i < 5; i++) await turn()
  return done
}

describe('group commit of runs\' ends', () => {
  afterEach(() => setFdatasync())

  it('the index, the claim and synced() wait for the end\'s fdatasync; the ends of one turn sync together and are told in order', async () => {
    const dir = join(tempTree({}), 'h')
    const lease = new Leases(join(dir, 'leases')).acquire()
    const store = new HistoryStore(dir, { lease })
    const disk = heldSyncs()
    const logs = ['e1', 'e2', 'e3'].map((id) => store.create(id, started()).log)
    // Lines before the end are in the kernel when append returns: nothing to wait for.
    logs[0].append({ type: 'log', message: 'before the end' })
    assert.equal(logs[0].synced(), undefined)
    for (const log of logs) log.append({ type: 'result', value: log.id })
    const synced = logs.map((l) => l.synced()!)
    assert.ok(synced.every((p) => p instanceof Promise))
    assert.equal(disk.calls.length, 0, 'the group is synced after this turn, not on this thread')
    await turn()
    assert.equal(disk.calls.length, 3, 'the three ends of one turn are synced at once')
    assert.equal(new Set(disk.calls.map((c) => c.fd)).size, 3, 'each on its own fd')
    // The log has the end (a reader sees it) but nobody was told: the index, the claim.
    assert.equal(store.read('e1').status, 'completed')
    const claims = (store as unknown as { claims: { current(k: string): unknown } }).claims
    for (const id of ['e1', 'e2', 'e3']) {
      assert.equal(new HistoryStore(dir).summary(id)?.status, 'running', id)
      assert.ok(claims.current(claimKey('tx', id)), `${id} keeps its claim until its end is on disk`)
    }
    // Two of three on disk: the group is told together, so none yet.
    disk.release(2)
    disk.release(0)
    assert.equal(await settledSoon(Promise.race(synced)), false)
    assert.equal(new HistoryStore(dir).summary('e1')?.status, 'running')
    // An end of a later turn is a later group: told after the first, though its sync returns first.
    const late = store.create('e4', started()).log
    late.append({ type: 'canceled' })
    await turn()
    disk.release(3)
    assert.equal(await settledSoon(late.synced()), false, 'a later group waits for the earlier one')
    const order: string[] = []
    for (const [i, p] of [...synced, late.synced()!].entries()) void p.then(() => order.push(['e1', 'e2', 'e3', 'e4'][i]))
    disk.release(1)
    await endsSettled()
    await turn()
    assert.deepEqual(order, ['e1', 'e2', 'e3', 'e4'])
    const fresh = new HistoryStore(dir)
    assert.deepEqual(['e1', 'e2', 'e3', 'e4'].map((id) => fresh.summary(id)?.status), ['completed', 'completed', 'completed', 'canceled'])
    assert.deepEqual(fresh.query({ text: 'e2' }).items.map((s) => s.id), ['e2'], 'the search text too')
    for (const id of ['e1', 'e2', 'e3', 'e4']) assert.equal(claims.current(claimKey('tx', id)), undefined, id)
    for (const log of [...logs, late]) assert.equal(log.synced(), undefined, 'nothing left to wait for')
    lease.release()
  })

  it('Interrupt settles its end at once, on this thread: its caller lists History next', () => {
    const dir = join(tempTree({}), 'h')
    const writer = new HistoryStore(dir)
    writer.create('cut', started()).log.append({ type: 'log', message: 'then the window went away' })
    const disk = heldSyncs()
    const store = new HistoryStore(dir)
    assert.ok(store.interrupt('cut', 'test'))
    assert.equal(store.summary('cut')?.status, 'interrupted')
    assert.equal(disk.calls.length, 0, 'not left to the pool')
  })

  it('a Transaction tells its listeners and resolves finished only once its end is on disk', async function () {
    this.timeout(20_000)
    const disk = heldSyncs()
    const { tx, history } = await startWith(`export default async (io) => io.input.text('a')`)
    const seen: TxStatus[] = []
    tx.onChange((v) => seen.at(-1) !== v.status && seen.push(v.status))
    let finished = false
    void tx.finished.then(() => (finished = true))
    const v = await awaiting(tx)
    tx.submit(v.prompt!.seq, ['x'])
    for (let i = 0; i < 200 && !disk.calls.length; i++) await new Promise((r) => setTimeout(r, 10))
    assert.equal(disk.calls.length, 1, 'the end is being synced')
    assert.equal(history.read(tx.id).status, 'completed', 'the end is in the log')
    await new Promise((r) => setTimeout(r, 50))
    assert.equal(finished, false, 'finished waits for the sync')
    assert.ok(!seen.includes('completed'), `the listeners were told only ${seen.join(', ')}`)
    assert.equal(tx.view.status, 'running', 'a panel opened now shows it running')
    assert.equal(history.summary(tx.id)?.status, 'running', 'and so does History')
    disk.release(0)
    const r = await within(tx.finished, 5000)
    assert.equal(r.status, 'completed')
    assert.equal(seen.at(-1), 'completed')
    assert.equal(history.summary(tx.id)?.status, 'completed')
  })

  it('a failed fdatasync still ends the run, with the reason in its record', async function () {
    this.timeout(20_000)
    const disk = heldSyncs()
    const { tx, history } = await startWith(`export default async () => 'done'`)
    for (let i = 0; i < 200 && !disk.calls.length; i++) await new Promise((r) => setTimeout(r, 10))
    assert.equal(tx.view.status, 'running', 'it ended in its first event: a panel still sees it running')
    disk.fail(0)
    const r = await within(tx.finished, 5000)
    assert.equal(r.status, 'completed')
    assert.match(r.problems.join('\n'), /Its end may not be on disk: EIO/)
    assert.equal(history.summary(tx.id)?.status, 'completed', 'the index (a cache) is told all the same')
  })
})
