// The Restate engine's contract, against a real restate-server: a
// three-prompt action with a ctx.run step runs to its end; the endpoint
// process killed with SIGKILL (at a prompt, or just after an answer) and
// started again continues at the same prompt, asks nothing twice, and runs no
// completed step again; the same when the restate-server itself is killed.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startRestate, type RestateNode } from './server'
import { actionsDir, startEndpointProc, TxClient, type EndpointProc } from './harness'
import type { Waiting } from '../../src/server/restate/workflow'
import { THREE } from './actions'
import { cancelTransaction, listTransactions } from '../../src/server/restate/admin'
import { acquireSingleton } from '../../src/server/restate/singleton'


const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])
const label = (w: Waiting) => ('seq' in w ? w.view.prompt?.components[0].label : `ended ${w.ended}`)

describe('Restate engine (real restate-server)', function () {
  this.timeout(120_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  let ep: EndpointProc
  let dir: string
  let txs = 0

  before(async () => {
    dir = actionsDir({
      'three.action.ts': THREE,
      'valid.action.ts': `export default async (io) => {
  const age = await io.input.number('Age').validate((v) => (v < 18 ? 'Must be 18 or over' : undefined))
  return { age }
}`,
    })
    restate = await startRestate()
    ep = await startEndpointProc(dir, restate.admin)
  })
  after(async () => {
    await ep?.kill()
    await restate?.cleanup()
  })

  /** A new transaction of the three-prompt action, with its own side-effect files. */
  async function begin() {
    const id = `t${++txs}-${process.pid}`
    const files = { counter: join(dir, `${id}.counter`), seen: join(dir, `${id}.seen`) }
    const c = new TxClient(restate.ingress, id)
    await c.start('three', files)
    return { c, ...files }
  }

  it('runs a three-prompt action with a ctx.run step to its end', async () => {
    const { c, counter, seen } = await begin()
    const asked: string[] = []
    for (let n = 0; ; n++) {
      const w = await c.next(n)
      asked.push(label(w)!)
      if ('ended' in w) break
      await c.answer(w.seq, [`v${n}`])
    }
    assert.deepEqual(asked, ['First', 'Second', 'Third', 'ended completed'])
    const out = (await c.output()) as { status: string; result: Record<string, unknown> }
    assert.equal(out.status, 'completed')
    assert.deepEqual({ ...out.result, t: 0, r: 0 }, { a: 'v0', b: 'v1', c: 'v2', charge: 'ch_v0', t: 0, r: 0 })
    assert.deepEqual(lines(counter), ['charge'])
    assert.equal(lines(seen).length, 1)
  })

  it('refuses an answer to a screen the transaction is not waiting on', async () => {
    const { c } = await begin()
    await c.next(0)
    await assert.rejects(c.answer(7, ['x']), /not waiting on screen 7/)
    const w = await c.next(0)
    await assert.rejects(c.answer((w as { seq: number }).seq, ['x', 'y']), /has 1 field\(s\); the answer has 2 value\(s\)/)
    await assert.rejects(c.answer((w as { seq: number }).seq, ['x'], 'go'), /has no choices/)
    await c.answer((w as { seq: number }).seq, ['ok'])
    assert.equal(label(await c.next(1)), 'Second')
  })

  it('continues at the same prompt after the endpoint is killed with SIGKILL there', async () => {
    const { c, counter, seen } = await begin()
    const first = await c.next(0)
    await c.answer((first as { seq: number }).seq, ['before'])
    const second = await c.next(1)
    assert.equal(label(second), 'Second')
    await ep.kill()
    await ep.start()
    // Restate holds the transaction at the same screen: its state says so, and nothing new was published.
    const view = await (await fetch(`${restate.ingress}/tx/${c.id}/view`, { method: 'POST' })).json()
    assert.equal(view.status, 'awaiting')
    assert.equal(view.prompt.seq, (second as { seq: number }).seq)
    await c.answer((second as { seq: number }).seq, ['after'])
    const third = await c.next(2)
    assert.equal(label(third), 'Third', 'the next screen is the third: nothing is asked twice')
    await c.answer((third as { seq: number }).seq, ['end'])
    const end = await c.next(3)
    assert.equal(label(end), 'ended completed')
    const out = (await c.output()) as { result: Record<string, unknown> }
    assert.equal(out.result.a, 'before')
    assert.equal(out.result.b, 'after')
    assert.deepEqual(lines(counter), ['charge'], 'the completed step ran once')
    const s = lines(seen)
    assert.ok(s.length >= 2, `the action re-ran after the kill (${s.length} runs past ctx.now)`)
    assert.equal(new Set(s).size, 1, `ctx.now and ctx.random gave the journaled values on replay: ${s.join(' | ')}`)
  })

  it('keeps an answer given just before the endpoint is killed', async () => {
    const { c, counter } = await begin()
    const first = await c.next(0)
    await c.answer((first as { seq: number }).seq, ['a'])
    await ep.kill()
    await ep.start()
    const second = await c.next(1)
    assert.equal(label(second), 'Second')
    await c.answer((second as { seq: number }).seq, ['b'])
    await c.answer(((await c.next(2)) as { seq: number }).seq, ['c'])
    assert.equal(label(await c.next(3)), 'ended completed')
    const out = (await c.output()) as { result: Record<string, unknown> }
    assert.deepEqual([out.result.a, out.result.b, out.result.c], ['a', 'b', 'c'])
    assert.deepEqual(lines(counter), ['charge'])
  })

  it('continues after the restate-server is killed with SIGKILL and restarted', async () => {
    const { c, counter, seen } = await begin()
    await c.answer(((await c.next(0)) as { seq: number }).seq, ['one'])
    const second = await c.next(1)
    await restate.kill()
    await restate.restart()
    await c.answer((second as { seq: number }).seq, ['two'])
    await c.answer(((await c.next(2)) as { seq: number }).seq, ['three'])
    assert.equal(label(await c.next(3)), 'ended completed')
    const out = (await c.output()) as { result: Record<string, unknown> }
    assert.deepEqual([out.result.a, out.result.b, out.result.c], ['one', 'two', 'three'])
    assert.deepEqual(lines(counter), ['charge'])
    assert.equal(new Set(lines(seen)).size, 1)
  })

  it('cancels with Restate\'s cancellation: the transaction ends canceled at its prompt', async () => {
    const { c, counter } = await begin()
    await c.answer(((await c.next(0)) as { seq: number }).seq, ['x'])
    assert.equal(label(await c.next(1)), 'Second')
    assert.equal(await cancelTransaction(restate.admin, c.id), true)
    const end = await c.next(2)
    assert.equal(label(end), 'ended canceled')
    assert.deepEqual(lines(counter), ['charge'])
    assert.equal(await cancelTransaction(restate.admin, c.id), false, 'an ended transaction is not canceled again')
  })

  it('lists transactions from Restate (its SQL API over their view state) for History', async () => {
    const { c } = await begin()
    await c.next(0)
    let views: Awaited<ReturnType<typeof listTransactions>> = []
    // Restate's SQL tables follow its log a moment behind.
    for (let i = 0; i < 50 && !views.some((v) => v.id === c.id); i++) {
      views = await listTransactions(restate.admin).catch(() => [])
      await new Promise((r) => setTimeout(r, 100))
    }
    const mine = views.find((v) => v.id === c.id)
    assert.equal(mine?.status, 'awaiting')
    assert.equal(mine?.prompt?.components[0].label, 'First')
    assert.ok(views.some((v) => v.status === 'completed'), 'the completed runs of the earlier tests are listed too')
    assert.ok(views.some((v) => v.status === 'canceled'))
  })

  it('holds a singleton action\'s lock in a virtual object until its transaction ends (completed or canceled)', async () => {
    const lock = `three-${process.pid}`
    const a = await begin()
    const b = new TxClient(restate.ingress, `${a.c.id}-b`)
    assert.deepEqual(await acquireSingleton(restate.ingress, lock, { tx: a.c.id, user: 'Ada' }), { ok: true })
    // begin() started a without the lock: a second transaction id shows the lock is per name, not per start.
    const held = await acquireSingleton(restate.ingress, lock, { tx: b.id, user: 'Bob' })
    assert.ok('heldBy' in held && held.heldBy.tx === a.c.id && held.heldBy.user === 'Ada', JSON.stringify(held))
    assert.deepEqual(await acquireSingleton(restate.ingress, lock, { tx: a.c.id, user: 'Ada' }), { ok: true }, 'its holder may take it again')
    // A transaction started with the lock releases it when it ends: here b, canceled.
    const lock2 = `${lock}-2`
    assert.deepEqual(await acquireSingleton(restate.ingress, lock2, { tx: b.id, user: 'Bob' }), { ok: true })
    await b.start('three', { counter: a.counter + '.b', seen: a.seen + '.b' }, lock2)
    await b.next(0)
    assert.ok('heldBy' in (await acquireSingleton(restate.ingress, lock2, { tx: 'other', user: 'Cy' })))
    await cancelTransaction(restate.admin, b.id)
    assert.equal(label(await b.next(1)), 'ended canceled')
    let got: Awaited<ReturnType<typeof acquireSingleton>> = { heldBy: { tx: '', user: '', since: '' } }
    for (let i = 0; i < 50 && 'heldBy' in got; i++) {
      got = await acquireSingleton(restate.ingress, lock2, { tx: 'other', user: 'Cy' })
      if ('heldBy' in got) await new Promise((r) => setTimeout(r, 100))
    }
    assert.deepEqual(got, { ok: true }, 'the canceled transaction released its lock')
    // And a holder that ended without releasing (a was started without the lock) holds it no longer once it ends.
    await a.c.answer(((await a.c.next(0)) as { seq: number }).seq, ['1'])
    await a.c.answer(((await a.c.next(1)) as { seq: number }).seq, ['2'])
    await a.c.answer(((await a.c.next(2)) as { seq: number }).seq, ['3'])
    assert.equal(label(await a.c.next(3)), 'ended completed')
    assert.deepEqual(await acquireSingleton(restate.ingress, lock, { tx: b.id, user: 'Bob' }), { ok: true })
  })

  it('asks again after an answer the action\'s validators (or the host\'s checks) refuse, each attempt its own durable promise', async () => {
    const c = new TxClient(restate.ingress, `valid-${process.pid}`)
    await c.start('valid')
    const w0 = (await c.next(0)) as Extract<Waiting, { seq: number }>
    assert.equal(w0.attempt, 0)
    await c.answer(w0.seq, [10])
    const w1 = (await c.next(1)) as Extract<Waiting, { seq: number }>
    assert.deepEqual([w1.seq, w1.attempt, w1.view.prompt?.errors], [w0.seq, 1, ['Must be 18 or over']])
    await c.answer(w1.seq, ['not a number'])
    const w2 = (await c.next(2)) as Extract<Waiting, { seq: number }>
    assert.deepEqual([w2.seq, w2.attempt], [w0.seq, 2])
    assert.ok(w2.view.prompt?.errors?.[0], 'the host\'s check refused a string for a number')
    await c.answer(w2.seq, [30])
    assert.equal(label(await c.next(3)), 'ended completed')
    assert.deepEqual(((await c.output()) as { result: unknown }).result, { age: 30 })
  })
})
