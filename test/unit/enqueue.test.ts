// ctx.enqueue: the host gets each request with the id `<tx>-q<n>`, the action
// gets `{ id }` once the host has it (or the host's reason as a rejection), and
// a run resumed after a crash neither asks the host again for what it queued
// before nor takes another path. ctx.notify's `to` reaches the host, bounded,
// and a resumed run does not notify again.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import type { QueueRequest } from '../../src/core/queue/types'
import { awaiting, poll, until } from './helpers'
import { within } from './startWith'
import { setup, window } from './txSetup'

type Req = QueueRequest & { id: string }

/** A store that refuses unknown actions, as serve's does. */
const host = (known = ['refund', 'review']) => {
  const got: Req[] = []
  return {
    got,
    onEnqueue: async (req: Req) => {
      await new Promise((r) => setTimeout(r, 5))
      if (!known.includes(req.slug)) throw new Error(`There is no action "${req.slug}".`)
      got.push(req)
    },
  }
}

describe('ctx.enqueue', function () {
  this.timeout(30_000)

  it('queues with ids <tx>-q1, -q2 in call order, resolves { id } once the host has it, and rejects with the host\'s reason', async () => {
    const s = await setup(`
export default async (io, ctx) => {
  const a = await ctx.enqueue('refund', { params: { order: 'A-1', when: new Date(0) }, assignee: ' grace@example.com ', title: 'Refund A-1' })
  const b = await ctx.enqueue('review', { team: 'support' })
  let refused
  try { await ctx.enqueue('nope') } catch (e) { refused = e.message }
  const c = await ctx.enqueue('review')
  return { a, b, c, refused }
}`)
    const w = window(s.dir)
    const h = host()
    const tx = s.begin(w.store, { onEnqueue: h.onEnqueue })
    const r = await within(tx.finished, 10_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { a: { id: `${tx.id}-q1` }, b: { id: `${tx.id}-q2` }, c: { id: `${tx.id}-q4` }, refused: 'There is no action "nope".' })
    assert.deepEqual(h.got, [
      { id: `${tx.id}-q1`, slug: 'refund', params: { order: 'A-1', when: '1970-01-01T00:00:00.000Z' }, assignee: 'grace@example.com', title: 'Refund A-1', source: { kind: 'ctx', tx: tx.id } },
      { id: `${tx.id}-q2`, slug: 'review', params: {}, team: 'support', source: { kind: 'ctx', tx: tx.id } },
      { id: `${tx.id}-q4`, slug: 'review', params: {}, source: { kind: 'ctx', tx: tx.id } },
    ])
    // Each is a journaled step, listed in History with the run's steps.
    assert.deepEqual(r.durableSteps.map((d) => [d.name, d.status]), [
      ['enqueue "refund"', 'succeeded'], ['enqueue "review"', 'succeeded'], ['enqueue "nope"', 'failed'], ['enqueue "review"', 'succeeded'],
    ])
  })

  it('bad arguments reject in the action; with no host to queue in, the call rejects saying so; an uncaught refusal fails the run', async () => {
    const s = await setup(`
export default async (io, ctx) => {
  const errors = []
  for (const args of [[''], [42], ['refund', 'x'], ['refund', { params: [1] }], ['refund', { assignee: 7 }], ['refund', { team: '' }]]) {
    try { await ctx.enqueue(...args); errors.push('queued') } catch (e) { errors.push(e.name) }
  }
  let none
  try { await ctx.enqueue('refund') } catch (e) { none = e.message }
  return { errors, none }
}`)
    const w = window(s.dir)
    const r = await within(s.begin(w.store).finished, 10_000)
    assert.deepEqual(r.result, { errors: Array(6).fill('TypeError'), none: 'ctx.enqueue: actions cannot be queued here.' })

    const f = await setup(`export default async (io, ctx) => { await ctx.enqueue('missing'); return 'went on' }`)
    const fr = await within(f.begin(window(f.dir).store, { onEnqueue: host().onEnqueue }).finished, 10_000)
    assert.equal(fr.status, 'failed')
    assert.equal(fr.error!.message, 'There is no action "missing".')
  })

  it('a resumed run gets its ids back without asking the host again, refusals included, and queues what comes after once', async () => {
    const s = await setup(`
export default async (io, ctx) => {
  const a = await ctx.enqueue('refund', { params: { n: 1 } })
  let refused = null
  try { await ctx.enqueue('gone') } catch (e) { refused = e.message }
  const ok = await io.input.text('Go on?')
  const b = await ctx.enqueue('review', { params: { ok } })
  return { a, refused, b }
}`)
    const w1 = window(s.dir)
    const h1 = host()
    const tx = s.begin(w1.store, { onEnqueue: h1.onEnqueue })
    const v = await awaiting(tx)
    assert.equal(v.status, 'awaiting', JSON.stringify(v.error))
    assert.deepEqual(h1.got.map((r) => r.id), [`${tx.id}-q1`])
    tx.abandon()
    w1.lease.release()

    // The new window's host knows 'gone' now: a replay that asked again would not be refused.
    const w2 = window(s.dir)
    const h2 = host(['refund', 'review', 'gone'])
    const again = s.resume(w2.store, tx.id, { onEnqueue: h2.onEnqueue })
    const rv = await awaiting(again)
    assert.equal(rv.prompt!.seq, v.prompt!.seq)
    assert.equal(h2.got.length, 0, 'nothing queued again on the replay')
    again.submit(rv.prompt!.seq, ['yes'])
    const r = await within(again.finished, 10_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { a: { id: `${tx.id}-q1` }, refused: 'There is no action "gone".', b: { id: `${tx.id}-q3` } })
    assert.deepEqual(h2.got.map((q) => [q.id, q.params]), [[`${tx.id}-q3`, { ok: 'yes' }]])
  })

  it('a crash while the host stores it asks again with the same id (stores add a known id once)', async () => {
    const s = await setup(`export default async (io, ctx) => ({ q: await ctx.enqueue('refund'), a: await io.input.text('Then') })`)
    const w1 = window(s.dir)
    const asked: string[] = []
    // The first host never answers: the window goes away while its store is writing.
    const tx = s.begin(w1.store, {
      onEnqueue: (req) => {
        asked.push(req.id)
        return new Promise<void>(() => {})
      },
    })
    await poll(() => asked.length === 1)
    tx.abandon()
    w1.lease.release()
    const w2 = window(s.dir)
    const h2 = host()
    const again = s.resume(w2.store, tx.id, { onEnqueue: h2.onEnqueue })
    const v = await awaiting(again)
    assert.deepEqual(h2.got.map((r) => r.id), [asked[0]])
    again.submit(v.prompt!.seq, ['x'])
    assert.deepEqual((await within(again.finished, 10_000)).result, { q: { id: `${tx.id}-q1` }, a: 'x' })
  })

  it('an id that is not one of the transaction\'s, posted by the action itself, is refused and never reaches the host', async () => {
    const s = await setup(`
import { parentPort } from 'node:worker_threads'
export default async (io, ctx) => {
  parentPort.postMessage({ type: 'enqueue', requestId: 9999, id: 'someone-elses-tx-q1', slug: 'refund', params: {} })
  return await ctx.enqueue('refund')
}`)
    const h = host()
    const tx = s.begin(window(s.dir).store, { onEnqueue: h.onEnqueue })
    const r = await within(tx.finished, 10_000)
    assert.deepEqual(r.result, { id: `${tx.id}-q1` })
    assert.deepEqual(h.got.map((q) => q.id), [`${tx.id}-q1`])
  })
})

describe('ctx.notify', function () {
  this.timeout(30_000)

  it('passes `to` (one or a list, or Interval\'s delivery) to the host, trimmed, deduplicated, each cut, at most 50; none: the run\'s own user', async () => {
    const s = await setup(`
export default async (io, ctx) => {
  ctx.notify({ message: 'to one', to: 'grace@example.com' })
  ctx.notify({ message: 'to some', title: 'T', to: [' ops ', 'https://hooks.example.com/x', 'ops', ''] })
  ctx.notify({ message: 'delivery', delivery: [{ to: 'ada@example.com', method: 'EMAIL' }, { method: 'SLACK' }] })
  ctx.notify({ message: 'many', to: Array.from({ length: 60 }, (_, i) => 'p' + i + '@example.com') })
  ctx.notify({ message: 'long', to: 'x'.repeat(5000) })
  ctx.notify({ message: 'mine' })
  let bad
  try { ctx.notify({ message: 'bad', to: 5 }) } catch (e) { bad = e.name }
  return bad
}`)
    const got: { message: string; title?: string; to?: string[] }[] = []
    const r = await within(s.begin(window(s.dir).store, { onNotify: (n) => void got.push(n) }).finished, 10_000)
    assert.equal(r.result, 'TypeError')
    assert.deepEqual(got.slice(0, 3), [
      { message: 'to one', to: ['grace@example.com'] },
      { message: 'to some', title: 'T', to: ['ops', 'https://hooks.example.com/x'] },
      { message: 'delivery', to: ['ada@example.com'] },
    ])
    assert.equal(got[3].to!.length, 50)
    assert.equal(got[3].to![49], 'p49@example.com')
    assert.equal(got[4].to![0].length, 2000)
    assert.deepEqual(got[5], { message: 'mine' })
    assert.equal(got.length, 6)
  })

  it('a resumed run does not notify again what it notified before the crash', async () => {
    const s = await setup(`
export default async (io, ctx) => {
  ctx.notify({ message: 'started', to: ['ops'] })
  const a = await io.input.text('Name')
  ctx.notify({ message: 'done ' + a, to: 'ops' })
  return a
}`)
    const w1 = window(s.dir)
    const first: string[] = []
    const tx = s.begin(w1.store, { onNotify: (n) => void first.push(n.message) })
    const v = await awaiting(tx)
    assert.deepEqual(first, ['started'])
    tx.abandon()
    w1.lease.release()
    const w2 = window(s.dir)
    const second: string[] = []
    const again = s.resume(w2.store, tx.id, { onNotify: (n) => void second.push(n.message) })
    await until(again, (x) => x.status === 'awaiting')
    again.submit(v.prompt!.seq, ['Ada'])
    await within(again.finished, 10_000)
    assert.deepEqual(second, ['done Ada'])
    assert.equal(readFileSync(s.counter, 'utf8'), '')
  })
})
