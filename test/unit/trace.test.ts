// The tracer: hops kept in their order, one path per transaction, the webview's
// hops ending it, off when the setting is off; and its two outputs, the hop
// table and the Trace Event Format file.
import { strict as assert } from 'node:assert'
import { HOPS, Tracer, complete, endToEnd, parts } from '../../src/core/trace/tracer'
import { hopTable, toTraceEvents } from '../../src/core/trace/traceEvents'
import { awaiting } from './helpers'
import { startWith } from './startWith'

/** A clock the test moves. */
function clock(start = 1_000) {
  let t = start
  return { now: () => t, at: (ms: number) => (t = start + ms) }
}

describe('trace', () => {
  it('records a run path hop by hop; the webview\'s painted hop ends it', () => {
    const c = clock()
    const tr = new Tracer(() => true, c.now)
    tr.start('tx1', 'run')
    c.at(5); tr.hop('tx1', 'compiled')
    c.at(9); tr.hop('tx1', 'worker')
    c.at(12); tr.hop('tx1', 'io')
    c.at(13); tr.hop('tx1', 'journaled')
    c.at(13.5); tr.hop('tx1', 'posted')
    assert.equal(tr.paths().length, 0, 'not finished before it is painted')
    tr.webviewHops('tx1', 1, [{ name: 'received', t: 1_014 }, { name: 'rendered', t: 1_020 }, { name: 'painted', t: 1_030 }])
    const [p] = tr.paths()
    assert.ok(p && complete(p))
    assert.equal(p.seq, 1)
    assert.deepEqual(p.hops.map((h) => h.name), HOPS.run)
    assert.equal(endToEnd(p), 30)
    assert.equal(parts(p).reduce((s, x) => s + x.ms, 0), endToEnd(p), 'the parts add up to the whole')
    assert.equal(tr.tracing('tx1'), false)
  })

  it('ignores a hop out of order or twice (a second journal write is the same part)', () => {
    const c = clock()
    const tr = new Tracer(() => true, c.now)
    tr.start('a', 'answer')
    c.at(1); tr.hop('a', 'hostReceived')
    c.at(2); tr.hop('a', 'checked')
    c.at(3); tr.hop('a', 'journaled')
    c.at(4); tr.hop('a', 'journaled')
    c.at(5); tr.hop('a', 'checked')
    tr.webviewHops('a', 2, [{ name: 'received', t: 1_006 }, { name: 'rendered', t: 1_007 }, { name: 'painted', t: 1_008 }])
    const [p] = tr.paths()
    assert.deepEqual(p!.hops.map((h) => [h.name, h.t - 1_000]), [['enter', 0], ['hostReceived', 1], ['checked', 2], ['journaled', 3], ['received', 6], ['rendered', 7], ['painted', 8]])
    assert.equal(complete(p!), false, 'io and posted were not recorded')
  })

  it('records nothing while off, and drops an unfinished path', () => {
    let on = false
    const tr = new Tracer(() => on)
    tr.start('x', 'run')
    assert.equal(tr.tracing('x'), false)
    on = true
    tr.start('x', 'run')
    tr.drop('x')
    tr.webviewHops('x', 1, [{ name: 'painted', t: epoch() }])
    assert.equal(tr.paths().length, 0)
  })

  it('makes a hop table (p50, p95, end to end) and a Trace Event Format file', () => {
    const tr = new Tracer(() => true, () => 0)
    for (let i = 0; i < 20; i++) {
      const t0 = i * 1000
      tr.start(`t${i}`, 'run', t0)
      HOPS.run.slice(1, 6).forEach((h, k) => tr.hop(`t${i}`, h, t0 + (k + 1) * (i + 1)))
      tr.webviewHops(`t${i}`, 0, (['received', 'rendered', 'painted'] as const).map((name, k) => ({ name, t: t0 + (6 + k) * (i + 1) })))
    }
    const table = hopTable(tr.paths())
    assert.deepEqual(table.map((r) => r.hop), [...HOPS.run.slice(1), 'end to end'])
    assert.equal(table.find((r) => r.hop === 'compiled')!.p50, 11)
    assert.equal(table.find((r) => r.hop === 'end to end')!.p95, 8 * 20)
    const file = toTraceEvents(tr.paths())
    const spans = file.traceEvents.filter((e) => e.ph === 'X')
    assert.equal(spans.length, 20 * HOPS.run.length, 'one span per path and one per part')
    const whole = spans.find((e) => e.cat === 'run' && e.name.startsWith('Run'))!
    assert.equal(whole.dur, 8_000, 'microseconds')
    assert.ok(file.traceEvents.some((e) => e.ph === 'M' && e.args?.name === 'webview'))
    JSON.parse(JSON.stringify(file))
  })
})

function epoch(): number {
  return performance.timeOrigin + performance.now()
}

describe('trace of a real transaction', function () {
  this.timeout(30_000)

  it('records a run and an answer hop by hop, in order, adding up to the end-to-end time measured outside', async () => {
    const tr = new Tracer(() => true)
    const id = 'traced-tx'
    // As the VS Code shell does: the click, the compile, the transaction reporting its worker and io calls.
    const outside0 = performance.now()
    tr.start(id, 'run')
    const { tx } = await startWith(`export default async (io) => [await io.input.text('One'), await io.input.text('Two')]`, { id, onHop: (h) => tr.hop(id, h) })
    tr.hop(id, 'compiled') // (compiled before the worker here; the shell's order is kept by the tracer)
    const paint = (seq: number) => {
      const t = epoch()
      tr.webviewHops(id, seq, [{ name: 'received', t }, { name: 'rendered', t: t + 0.2 }, { name: 'painted', t: t + 0.4 }])
    }
    await awaiting(tx)
    tr.hop(id, 'journaled')
    tr.hop(id, 'posted')
    paint(tx.view.prompt!.seq)
    const outsideRun = performance.now() - outside0
    const [run] = tr.paths()
    assert.deepEqual(run!.hops.map((h) => h.name), HOPS.run.filter((h) => h !== 'compiled'), 'compiled came after the worker here, so it is not counted twice')
    assert.ok(Math.abs(parts(run!).reduce((s, x) => s + x.ms, 0) - endToEnd(run!)) < 1e-6, 'the parts add up')
    // One clock for every hop: the whole agrees with a clock read outside, within the paint's 0.4 ms.
    assert.ok(Math.abs(endToEnd(run!) - outsideRun) < 1, `${endToEnd(run!)} ms traced, ${outsideRun} ms measured outside`)

    const seq = tx.view.prompt!.seq
    const outside1 = performance.now()
    tr.start(id, 'answer')
    tr.hop(id, 'sent')
    tr.hop(id, 'hostReceived')
    tx.submit(seq, ['first'])
    tr.hop(id, 'checked')
    await new Promise<void>((resolve) => tx.onChange((v) => v.status === 'awaiting' && v.prompt!.seq !== seq && resolve()))
    tr.hop(id, 'journaled')
    tr.hop(id, 'posted')
    paint(tx.view.prompt!.seq)
    const outsideAnswer = performance.now() - outside1
    const answer = tr.paths()[1]!
    assert.ok(complete(answer), answer.hops.map((h) => h.name).join(' → '))
    assert.ok(Math.abs(endToEnd(answer) - outsideAnswer) < 1, `${endToEnd(answer)} ms traced, ${outsideAnswer} ms measured outside`)
    tx.cancel('test')
    await tx.finished
  })
})
