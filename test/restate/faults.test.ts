// The endpoint process killed with SIGKILL at random moments while
// transactions run (starting workers, replaying, running the step, answering),
// and started again each time: every transaction ends completed with the
// answers it was given, each screen is asked once, ctx.now/ctx.random keep
// their journaled values, and no completed ctx.run step runs again (a step cut
// off inside its body may run again: steps are at-least-once, as on the
// embedded engine).
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startRestate, type RestateNode } from './server'
import { actionsDir, startEndpointProc, TxClient, whileDown, type EndpointProc } from './harness'

// Each run of the step's body writes the id it returns; the journaled id must be the last one written.
const ACTION = `
import { appendFileSync } from 'node:fs'
const pause = (ms) => new Promise((r) => setTimeout(r, ms))
export default async (io, ctx) => {
  const a = await io.input.text('First')
  const charge = await ctx.run('charge', async () => {
    const id = 'ch_' + a + '_' + Math.random().toString(36).slice(2, 8)
    appendFileSync(ctx.params.counter, id + '\\n')
    await pause(ctx.params.stepMs ?? 150)
    return { id }
  })
  const t = ctx.now()
  appendFileSync(ctx.params.seen, t + '\\n')
  const b = await io.input.text('Second')
  const c = await io.input.text('Third')
  return { a, b, c, charge: charge.id, t }
}`

const KILLS = 15
const LANES = 4
const PER_LANE = 3
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('Restate engine under endpoint kills', function () {
  this.timeout(300_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  let ep: EndpointProc
  let dir: string

  before(async () => {
    dir = actionsDir({ 'fault.action.ts': ACTION })
    restate = await startRestate()
    ep = await startEndpointProc(dir, restate.admin)
  })
  after(async () => {
    await ep?.kill()
    await restate?.cleanup()
  })


  /** One lane: PER_LANE transactions one after another, each checked (see the file's head). */
  async function runLane(tag: string, l: number, stepRuns: number[]): Promise<void> {
    for (let k = 0; k < PER_LANE; k++) {
      const id = `${tag}${l}-${k}-${process.pid}`
      const files = { counter: join(dir, `${id}.counter`), seen: join(dir, `${id}.seen`) }
      const c = new TxClient(restate.ingress, id)
      await whileDown(() => c.start('fault', files))
      const asked: string[] = []
      const given: string[] = []
      for (let n = 0; ; n++) {
        const w = await whileDown(() => c.next(n, 120_000))
        if (!('seq' in w)) {
          asked.push(`ended ${w.ended}`)
          break
        }
        asked.push(w.view.prompt!.components[0].label)
        await sleep(Math.random() * 50)
        const value = `${id}-${n}`
        given.push(value)
        // One answer, however often it is sent: the same idempotency key for each try.
        await whileDown(() => c.answer(w.seq, [value], undefined, `answer-${value}`))
      }
      assert.deepEqual(asked, ['First', 'Second', 'Third', 'ended completed'], `${id}: each screen asked once, in order`)
      const out = (await whileDown(() => c.output())) as { result: { a: string; b: string; c: string; charge: string } }
      assert.deepEqual([out.result.a, out.result.b, out.result.c], given)
      const runs = lines(files.counter)
      assert.ok(runs.length >= 1)
      assert.equal(runs.at(-1), out.result.charge, `${id}: no run of the step after the one journaled (${runs.join(', ')})`)
      stepRuns.push(runs.length)
      assert.equal(new Set(lines(files.seen)).size, 1, `${id}: ctx.now replayed its journaled value`)
    }
  }

  it(`${KILLS} SIGKILLs of the endpoint at random moments: every transaction completes, nothing asked or run twice`, async () => {
    let killing = true
    let kills = 0
    const killer = (async () => {
      while (killing && kills < KILLS) {
        await sleep(150 + Math.random() * 600)
        await ep.kill()
        kills++
        await ep.start()
      }
    })()
    const stepRuns: number[] = []
    const lane = (l: number) => runLane('f', l, stepRuns)
    try {
      await Promise.all(Array.from({ length: LANES }, (_, l) => lane(l)))
    } finally {
      killing = false
      await killer
    }
    const reruns = stepRuns.reduce((a, b) => a + b, 0) - stepRuns.length
    console.log(`      ${kills} kills over ${LANES * PER_LANE} transactions; ${reruns} step re-run(s) after a kill inside a step`)
    assert.ok(kills >= 3, `the endpoint was killed while transactions ran (${kills} kills)`)
  })

  it('a step cut off inside its body by a SIGKILL runs again, and its journaled result is the last run\'s', async () => {
    const id = `cut-${process.pid}`
    const files = { counter: join(dir, `${id}.counter`), seen: join(dir, `${id}.seen`), stepMs: 3000 }
    const c = new TxClient(restate.ingress, id)
    await c.start('fault', files)
    await c.answer(((await c.next(0)) as { seq: number }).seq, ['a'])
    const end = Date.now() + 20_000
    while (!lines(files.counter).length && Date.now() < end) await sleep(20)
    assert.equal(lines(files.counter).length, 1, 'the step began')
    await ep.kill()
    await ep.start()
    assert.equal(((await c.next(1, 60_000)) as { view: { prompt?: { components: { label: string }[] } } }).view.prompt?.components[0].label, 'Second')
    await c.answer(((await c.next(1)) as { seq: number }).seq, ['b'])
    await c.answer(((await c.next(2)) as { seq: number }).seq, ['c'])
    assert.ok('ended' in (await c.next(3)))
    const out = (await c.output()) as { result: { charge: string } }
    const runs = lines(files.counter)
    assert.equal(runs.length, 2, `cut off once, run again once: ${runs.join(', ')}`)
    assert.equal(runs[1], out.result.charge)
  })

  it('the restate-server SIGKILLed 3 times at random moments and restarted: every transaction completes, nothing asked or run twice', async () => {
    let kills = 0
    let running = true
    const killer = (async () => {
      while (running && kills < 3) {
        await sleep(500 + Math.random() * 1500)
        await restate.kill()
        kills++
        await restate.restart()
      }
    })()
    const stepRuns: number[] = []
    try {
      await Promise.all(Array.from({ length: LANES }, (_, l) => runLane('s', l, stepRuns)))
    } finally {
      running = false
      await killer
    }
    console.log(`      ${kills} restate-server kills over ${LANES * PER_LANE} transactions`)
    assert.ok(kills >= 1)
  })
})
