// Durable transactions under crashes: a window (a child process, see
// durable-fault-child.ts) runs a transaction of three prompts and two ctx.run
// steps and is killed with SIGKILL at random moments; each time a fresh window
// resumes it, until one sees it to the end. Nothing answered is asked again, no
// step whose end is journaled runs again (the steps sign a counter file), and
// the result is the one an uninterrupted run would give.
import { strict as assert } from 'node:assert'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Claims, claimKey } from '../../src/core/durable/claims'
import { Leases } from '../../src/core/history/lease'
import { HistoryStore } from '../../src/core/history/store'
import { compileAction } from '../../src/core/loader/compile'
import { type Child, type Ev, Landings, bundleChild, checkStep, describeChild, readLog, spawnChild, stretches } from './fault-harness'
import { WASM, tempTree, workerPath } from './helpers'

const ACTION = `
import { appendFileSync } from 'node:fs'
// A step's side effect: a line naming the step and the window (host lease id) it ran in.
const sign = (ctx, step) => appendFileSync(ctx.params.counter, step + ' ' + process.env.FAULT_OWNER + '\\n')
const pause = (ms) => new Promise((r) => setTimeout(r, ms))
export default async (io, ctx) => {
  const a = await io.input.text('First')
  const charge = await ctx.run('charge', async () => { sign(ctx, 'charge'); await pause(10); return { id: 'ch_' + a } })
  const t = ctx.now()
  const b = await io.input.text('Second')
  const email = await ctx.run('email', async () => { sign(ctx, 'email'); await pause(10); return { to: b + '@example.com', about: charge.id } })
  const r = ctx.random()
  const c = await io.input.text('Third')
  return { a, b, c, charge: charge.id, email, t, r }
}`

const KILLS = 100
/** Kills per transaction at most: then it is resumed to its end without one. */
const PER_TX = 12
/** Transactions run side by side, each in its own history folder. */
const LANES = 2
/**
 * Half the kills come at any moment of a window's life (0 to 200 ms after its
 * process is up: reopening, starting the worker, replaying, running on); the
 * other half 0 to 50 ms after the action's worker first spoke, where prompts
 * are answered and steps run.
 */
const KILL_ANY_MS = 200
const KILL_LIVE_MS = 50

let childJs: string

/** Where a kill landed, from the log as the killed window left it. */
function landing(before: number, log: Ev[], signed: string[][], lease: string | undefined): string {
  if (!log.length) return 'before the log existed'
  if (log.length === before) return 'before this window wrote'
  const e = log[log.length - 1]
  switch (e.type) {
    case 'render':
      return `waiting on ${(e.components as { label: string }[])[0].label}`
    case 'answer':
      return `after answer ${e.seq}`
    case 'step':
      // A step whose start is journaled: did its side effect happen before the kill?
      if (e.phase !== 'start') return `after ${e.name}`
      return signed.some(([step, by]) => step === e.name && by === lease) ? `inside ${e.name}, after its effect` : `inside ${e.name}, before its effect`
    case 'recorded':
      return `after ctx.${e.op}`
    default:
      return `after ${e.type}`
  }
}

describe('durable transactions under faults', function () {
  this.timeout(120_000)

  let root: string
  let compiledFile: string
  let actionFile: string

  before(async () => {
    root = tempTree({ 'fault.action.ts': ACTION })
    actionFile = join(root, 'fault.action.ts')
    compiledFile = join(root, 'compiled.json')
    writeFileSync(compiledFile, JSON.stringify(await compileAction(actionFile, WASM)))
    childJs = bundleChild('test/unit/durable-fault-child.ts', join(root, 'durable-fault-child.js'))
    workerPath()
  })

  it('a claim file left empty by a window killed while writing it does not lock the transaction for good', () => {
    // What this test's first runs found: take() wrote epoch 3 with O_EXCL and was killed before its content, and
    // every later take() read epoch 2 as the claim, tried to create epoch 3 again, and threw "too many windows".
    const dir = tempTree({})
    const leases = new Leases(join(dir, 'leases'))
    const claims = new Claims(join(dir, 'claims'), leases)
    const key = claimKey('tx', 'torn')
    const dead = leases.acquire()
    assert.ok('epoch' in claims.take(key, dead.id))
    dead.release()
    writeFileSync(join(dir, 'claims', key, '0000000002'), '')
    const w = leases.acquire()
    const c = claims.take(key, w.id)
    assert.ok('epoch' in c, JSON.stringify(c))
    assert.equal(c.epoch, 3)
    assert.equal(claims.holder(key)?.owner, w.id)
    c.check()
    // Nothing but whole epoch files: what take() writes aside is gone once it is in place.
    assert.deepEqual(readdirSync(join(dir, 'claims', key)).sort(), ['0000000002', '0000000003'])
    mkdirSync(join(dir, 'claims', claimKey('tx', 'empty')))
    writeFileSync(join(dir, 'claims', claimKey('tx', 'empty'), '0000000001'), '')
    assert.equal(claims.current(claimKey('tx', 'empty')), undefined)
    const e = claims.take(claimKey('tx', 'empty'), w.id)
    assert.ok('epoch' in e && e.epoch === 2, JSON.stringify(e))
    w.release()
  })

  it(`a window killed ${KILLS} times at random points: each transaction resumed to its end, nothing asked or run twice, the right result`, async () => {
    const started = Date.now()
    let kills = 0
    let resumes = 0
    let txs = 0
    const landed = new Landings()
    let stepRerun = 0
    let mostKills = 0

    async function transaction(t: number): Promise<void> {
      const dir = join(root, `h${t}`)
      const id = `fault-${t}`
      const tag = `t${t}`
      const counter = join(root, `counter-${t}.txt`)
      const asked = join(root, `asked-${t}.txt`)
      writeFileSync(counter, '')
      writeFileSync(asked, '')
      const logFile = join(dir, `${id}.jsonl`)
      const children: Child[] = []
      let result: unknown
      let mine = 0
      for (;;) {
        const live = Math.random() < 0.5
        const kill = mine < PER_TX && kills < KILLS
          ? { when: live ? /^live$/m : /^ready$/m, from: live ? 'it was live' : 'it was up', afterMs: Math.floor(Math.random() * (live ? KILL_LIVE_MS : KILL_ANY_MS)) }
          : undefined
        const before = readLog(logFile).length
        const child: Child = { n: children.length, out: '' }
        children.push(child)
        const { out, killed } = await spawnChild(childJs, [dir, id, workerPath(), compiledFile, actionFile, counter, asked, tag], kill)
        child.out = out
        child.lease = /^lease (\S+)$/m.exec(out)?.[1]
        if (/^resumed$/m.test(out)) resumes++
        if (!killed) {
          const m = /^result (.*)$/m.exec(out)
          if (m) result = JSON.parse(m[1])
          else assert.match(out, /^ended completed$/m, `tx ${t}: ${describeChild(child)} neither completed nor found it ended:\n${out}`)
          break
        }
        child.kill = ++kills
        child.afterMs = kill!.afterMs
        child.from = kill!.from
        mine++
        // The killed window's lease is gone, as it is once its TTL has passed.
        rmSync(join(dir, 'leases'), { recursive: true, force: true })
        const log = readLog(logFile)
        const signed = readFileSync(counter, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '))
        const where = landing(before, log, signed, child.lease)
        landed.add(where)
      }
      txs++
      mostKills = Math.max(mostKills, mine)
      check(t, id, dir, logFile, counter, asked, children, result)
    }

    function check(t: number, id: string, dir: string, logFile: string, counter: string, askedFile: string, children: Child[], printed: unknown): void {
      const log = readLog(logFile)
      const byLease = new Map(children.filter((c) => c.lease).map((c) => [c.lease!, c]))
      // The log's stretches, one per window that wrote: its started or resumed event names the window.
      const { owners, segOf } = stretches(log)
      const who = (seg: number): string => describeChild(byLease.get(owners[seg]))
      const at = `tx ${t} (${id}, ${children.length} windows)`
      assert.equal(log[0]?.type, 'started', `${at}: the log starts with its started event`)
      assert.equal(new Set(owners).size, owners.length, `${at}: each window writes one stretch of the log`)

      // The result: what an uninterrupted run gives, with the journaled time and random number.
      const recorded = (op: string) => log.filter((e) => e.type === 'recorded' && e.op === op)
      assert.equal(recorded('now').length, 1, `${at}: ctx.now() journaled once`)
      assert.equal(recorded('random').length, 1, `${at}: ctx.random() journaled once`)
      const tag = `t${t}`
      const expected = {
        a: `first-${tag}`, b: `second-${tag}`, c: `third-${tag}`, charge: `ch_first-${tag}`,
        email: { to: `second-${tag}@example.com`, about: `ch_first-${tag}` }, t: recorded('now')[0].value, r: recorded('random')[0].value,
      }
      const ends = log.filter((e) => ['result', 'error', 'canceled', 'interrupted', 'diverged', 'redirected'].includes(e.type))
      assert.deepEqual(ends.map((e) => e.type), ['result'], `${at}: one end, a result: ${JSON.stringify(ends)}`)
      assert.equal(log[log.length - 1].type, 'result', `${at}: nothing after the result`)
      assert.deepEqual(ends[0].value, expected, `${at}: the result`)
      if (printed !== undefined) assert.deepEqual(printed, expected, `${at}: the result the last window saw`)

      // Prompts: each answered once, never rendered after its answer, never shown to a window after the one that answered it.
      const answerAt = new Map<number, number>()
      log.forEach((e, i) => {
        if (e.type !== 'answer') return
        assert.ok(!answerAt.has(e.seq!), `${at}: screen ${e.seq} answered twice (again by ${who(segOf[i])})`)
        answerAt.set(e.seq!, i)
      })
      const renders = log.map((e, i) => ({ e, i })).filter(({ e }) => e.type === 'render')
      const labelOf = new Map(renders.map(({ e }) => [e.seq!, (e.components as { label: string }[])[0].label]))
      assert.deepEqual([...labelOf.values()], ['First', 'Second', 'Third'], `${at}: three prompts`)
      for (const { e, i } of renders) {
        const a = answerAt.get(e.seq!)
        assert.ok(a !== undefined, `${at}: screen ${e.seq} never answered`)
        assert.ok(i < a, `${at}: screen ${e.seq} (${labelOf.get(e.seq!)}) rendered again after its answer, by ${who(segOf[i])}`)
        assert.deepEqual(log[a].values, [`${labelOf.get(e.seq!)!.toLowerCase()}-${tag}`], `${at}: the answer to ${labelOf.get(e.seq!)}`)
      }
      const asked = readFileSync(askedFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '))
      for (const [word, seq, label, lease] of asked) {
        assert.equal(word, 'asked')
        const seg = owners.indexOf(lease)
        const c = describeChild(byLease.get(lease))
        assert.ok(seg >= 0, `${at}: ${c} was shown ${label} but never wrote to the log`)
        assert.equal(labelOf.get(Number(seq)), label, `${at}: ${c} was shown ${label} as screen ${seq}`)
        const answeredIn = segOf[answerAt.get(Number(seq))!]
        assert.ok(seg <= answeredIn, `${at}: ${c} was asked ${label} (screen ${seq}) again, though ${who(answeredIn)} had answered it`)
      }
      for (const seq of labelOf.keys()) assert.ok(asked.some(([, s]) => Number(s) === seq), `${at}: screen ${seq} was never shown`)

      // Steps: one successful end each, never started again after it; each run (a counter line) follows a start in its own window.
      const signed = readFileSync(counter, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '))
      for (const name of ['charge', 'email']) stepRerun += checkStep(at, name, log, signed.filter(([step]) => step === name).map(([, lease]) => lease!), children)

      // History's view of it.
      const store = new HistoryStore(dir)
      const r = store.read(id)
      assert.equal(r.status, 'completed', at)
      assert.deepEqual(r.problems, [], `${at}: problems`)
      assert.deepEqual(r.durableSteps.map((s) => [s.name, s.status]), [['charge', 'succeeded'], ['email', 'succeeded']], `${at}: durable steps`)
      const resumedEvents = log.filter((e) => e.type === 'resumed').length
      assert.equal(r.resumed, resumedEvents, `${at}: resumed count`)
      assert.equal(owners.length, resumedEvents + 1)
      assert.ok(resumedEvents <= children.length - 1, `${at}: ${resumedEvents} resumes by ${children.length} windows`)
      assert.ok(resumedEvents >= children.filter((c) => /^resumed$/m.test(c.out)).length, `${at}: every window that said it resumed is in the log`)
      const summary = store.summary(id)
      assert.equal(summary?.status, 'completed', `${at}: the index has it completed`)
      assert.equal(summary?.resumed ?? 0, resumedEvents, `${at}: the index counts its resumes`)
      assert.equal(existsSync(join(dir, 'claims', claimKey('tx', id))), false, `${at}: its claim is gone`)
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.jsonl')), [`${id}.jsonl`], `${at}: one log`)
    }

    let next = 0
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (kills < KILLS) await transaction(next++)
      }),
    )
    assert.ok(kills >= KILLS, `${kills} kills`)
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    console.log(`      ${kills} kills over ${txs} transactions (up to ${mostKills} on one), ${resumes} resumes, ${stepRerun} step re-runs after a kill inside a step, ${secs} s; kills landed: ${landed}`)
  })
})
