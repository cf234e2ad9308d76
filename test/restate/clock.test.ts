// ctx.now() and ctx.random() on Restate are Restate's deterministic ones
// (ctx.date.now(), journaled by Restate; ctx.rand, seeded by the invocation),
// not values journaled in the transaction's own event batches: the batches
// hold their positions only. The endpoint killed with SIGKILL and started
// again, the action gets the same values back.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startRestate, type RestateNode } from './server'
import { actionsDir, startEndpointProc, TxClient, type EndpointProc } from './harness'
import { journaledEvents, runResults } from '../../src/server/restate/admin'

const ACTION = `
import { appendFileSync } from 'node:fs'
export default async (io, ctx) => {
  const t = ctx.now()
  const r = [ctx.random(), ctx.random()]
  // Plain code runs again on every replay, and writes what it got each time.
  appendFileSync(ctx.params.seen, JSON.stringify({ t, r }) + '\\n')
  const a = await io.input.text('First')
  const t2 = ctx.now()
  appendFileSync(ctx.params.seen, JSON.stringify({ t2 }) + '\\n')
  const b = await io.input.text('Second')
  return { a, b, t, r, t2 }
}`

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])

describe('Restate engine: ctx.now and ctx.random are Restate\'s', function () {
  this.timeout(120_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  let ep: EndpointProc
  let dir: string

  before(async () => {
    dir = actionsDir({ 'clock.action.ts': ACTION })
    restate = await startRestate()
    ep = await startEndpointProc(dir, restate.admin)
  })
  after(async () => {
    await ep?.kill()
    await restate?.cleanup()
  })

  it('gives the same values after the endpoint is killed with SIGKILL and started again; Restate journals them, our batches do not', async () => {
    const id = `clock-${process.pid}`
    const seen = join(dir, `${id}.seen`)
    const c = new TxClient(restate.ingress, id)
    const before = Date.now()
    await c.start('clock', { seen })
    const first = await c.next(0)
    assert.ok('seq' in first)
    await c.answer(first.seq, ['x'])
    const second = await c.next(1)
    assert.ok('seq' in second)
    const live = lines(seen)
    assert.equal(live.length, 2)

    await ep.kill()
    await ep.start()
    await c.answer(second.seq, ['y'])
    const end = await c.next(2)
    assert.ok('ended' in end && end.ended === 'completed', JSON.stringify(end))
    const out = (await c.output()) as { result: { t: number; r: number[]; t2: number } }
    const all = lines(seen)
    assert.ok(all.length >= 4, `the action ran again after the kill (${all.length} lines)`)
    // Each run, replays included, saw the first run's values.
    for (let k = 0; k < all.length; k++) assert.equal(all[k], live[k % 2], `line ${k}: ${all.join(' | ')}`)
    assert.deepEqual(JSON.parse(live[0]), { t: out.result.t, r: out.result.r })
    assert.equal(JSON.parse(live[1]).t2, out.result.t2)
    assert.ok(out.result.t >= before - 1000 && out.result.t2 >= out.result.t, 'times are the clock\'s')
    assert.notEqual(out.result.r[0], out.result.r[1])
    for (const r of out.result.r) assert.ok(r >= 0 && r < 1)

    // Restate's journal of the run: each batch of events (a 'journal' run) holds the positions, not the values ...
    const events = await journaledEvents(restate.admin, id)
    const marks = events.filter((e) => e.type === 'recorded')
    assert.deepEqual(marks.map((e) => e.type === 'recorded' && [e.op, e.value]), [['now', undefined], ['random', undefined], ['random', undefined], ['now', undefined]])
    // (the action's result, which returns them, aside)
    const text = JSON.stringify(events.filter((e) => e.type !== 'result'))
    for (const v of [out.result.t, ...out.result.r, out.result.t2]) assert.ok(!text.includes(String(v)), `${v} is not in the batches`)
    // ... and each ctx.now() is a ctx.date.now() of Restate's (an unnamed run in its journal, holding the time).
    assert.deepEqual(await runResults(restate.admin, id, ''), [out.result.t, out.result.t2])
  })
})
