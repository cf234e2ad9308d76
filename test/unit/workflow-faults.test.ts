// Workflow runs under crashes (issue 10's fault test): a window (a child
// process, see workflow-fault-child.ts) runs examples/workflows/slow-order and is
// killed with SIGKILL at random moments, 50 times; each time a fresh window
// resumes the run, until one sees it to the end. No step whose end is
// journaled runs again, each step function runs only after a journaled start
// of its step, and the order ends as an uninterrupted run leaves it (up to
// the history lines of steps cut off after their change, see checkOrder).
//
// The real workflow and step functions, but in a temp folder: the workflow with
// every duration_seconds × 0.04 (5 s steps take 0.2 s, to fit CI), beside a copy
// of orders.ts whose step functions count their runs (see COUNTING) and a copy
// of data/orders.json per run, passed as the `db` param.
import { strict as assert } from 'node:assert'
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { claimKey } from '../../src/core/durable/claims'
import { WORKFLOW_SEQ } from '../../src/core/history/events'
import { HistoryStore } from '../../src/core/history/store'
import { Leases } from '../../src/core/history/lease'
import { compileAction } from '../../src/core/loader/compile'
import { Transaction } from '../../src/core/runtime/transaction'
import { prepareWorkflow } from '../../src/core/workflows/prepare'
import type { ReopenedRun } from '../../src/core/durable/engine'
import { type Child, type Ev, Landings, bundleChild, checkStep, describeChild, readLog, spawnChild } from './fault-harness'
import { ROOT, USER, WASM, poll, tempTree, workerPath } from './helpers'
import { within } from './startWith'

const EXAMPLE = join(ROOT, 'examples/workflows')
/** The example's step durations × this: slow-order's 5 s steps take 0.2 s. */
const SCALE = 0.04
const KILLS = 50
/** Kills per run at most: then it is resumed to its end without one. */
const PER_RUN = 8
/** Runs side by side, each with its own history folder and database. */
const LANES = 5
const STEPS = ['validate', 'charge', 'reserve', 'ship']
/** The order's history line each step adds (orders.ts). */
const LINE: Record<string, string> = { validate: 'validated', charge: 'charged', reserve: 'stock reserved', ship: 'shipped' }

/**
 * Added to the test's copy of orders.ts (the example is unchanged): each step
 * function signs `<db>.runs` when it is entered and once its change is in the
 * database, says so on the child's stdout (some kills come right then), and
 * returns 15 ms later, so that kills land between a step's change and its
 * journaled end (the step then runs again: at-least-once) often enough.
 */
const COUNTING = `
// --- added by test/unit/workflow-faults.test.ts ---
import { appendFileSync as signRuns, writeSync as say } from 'node:fs'
function counted(fn: (step: Step) => Promise<unknown>) {
  return async (step: Step & { step: string }) => {
    signRuns(step.input.db + '.runs', 'run ' + step.step + ' ' + process.env.FAULT_OWNER + '\\n')
    const value = await fn(step)
    signRuns(step.input.db + '.runs', 'effect ' + step.step + ' ' + process.env.FAULT_OWNER + '\\n')
    say(1, 'effect ' + step.step + '\\n')
    await new Promise((r) => setTimeout(r, 15))
    return value
  }
}
`

/**
 * When a child is killed, drawn at random: right after its process is up
 * (reopening the log, starting the worker), right after its Transaction
 * started or resumed (the worker replays the journal), at any moment of the
 * run once the worker spoke (in steps' simulated tasks, step functions,
 * between steps), just after the change of its 1st to 4th step function, or
 * just after its 1st to 3rd step completed (between steps).
 */
function drawKill(): { when: RegExp; count?: number; afterMs: number; from: string } {
  const r = Math.random()
  const ms = (n: number) => Math.floor(Math.random() * n)
  if (r < 0.2) return { when: /^ready$/m, afterMs: ms(150), from: 'it was up' }
  if (r < 0.35) return { when: /^(started|resumed)$/m, afterMs: ms(40), from: 'its Transaction started or resumed' }
  // A run without kills takes some 0.6 s of steps after its worker is up: most of these land in it.
  if (r < 0.75) return { when: /^live$/m, afterMs: ms(600), from: 'it was live' }
  if (r < 0.9) {
    const count = 1 + ms(4)
    return { when: /^effect /m, count, afterMs: ms(15), from: `step function ${count}'s change` }
  }
  const count = 1 + ms(3)
  return { when: /^done /m, count, afterMs: ms(3), from: `step ${count} completed` }
}

type Sign = { kind: 'run' | 'effect'; step: string; lease: string }
const readSigns = (file: string): Sign[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => { const [kind, step, lease] = l.split(' '); return { kind, step, lease } as Sign }) : []

/** Where a kill landed, from the log and the signs as the killed window left them. */
function landing(before: number, log: Ev[], signs: Sign[], lease: string | undefined): string {
  if (!log.length) return 'before the log existed'
  if (log.length <= before) return 'before this window wrote'
  const mine = log.slice(before)
  if (mine.some((e) => ['result', 'error', 'canceled', 'interrupted'].includes(e.type))) return 'after the end'
  const open = new Set<string>()
  let anyStep = false
  for (const e of mine) {
    if (e.type !== 'step') continue
    anyStep = true
    if (e.phase === 'start') open.add(e.name as string)
    else open.delete(e.name as string)
  }
  if (!open.size) return anyStep ? 'between steps' : mine[0]!.type === 'resumed' ? 'right after its resume' : 'right after the start'
  const where = (step: string): string => {
    const by = signs.filter((s) => s.step === step && s.lease === lease)
    return by.some((s) => s.kind === 'effect') ? 'after its change' : by.length ? 'in its function' : 'in its simulated task'
  }
  return [...open].map((s) => `inside ${s} (${where(s)})`).join(' + ')
}

describe('workflow runs under faults', function () {
  this.timeout(120_000)

  let root: string
  let workflowFile: string
  let moduleFile: string
  let childJs: string

  before(async () => {
    root = tempTree({})
    const wf = JSON.parse(readFileSync(join(EXAMPLE, 'slow-order.workflow.json'), 'utf8')) as { actions: string; steps: { id: string; config: { duration_seconds?: number } }[] }
    assert.deepEqual(wf.steps.map((s) => s.id), STEPS)
    for (const s of wf.steps) {
      assert.equal(typeof s.config.duration_seconds, 'number', `${s.id} has a duration`)
      s.config.duration_seconds = s.config.duration_seconds! * SCALE
    }
    workflowFile = join(root, 'slow-order.workflow.json')
    writeFileSync(workflowFile, JSON.stringify(wf, null, 2))
    // The step functions, each wrapped by counted() under its own name.
    const source = readFileSync(join(EXAMPLE, wf.actions), 'utf8')
    const names = [...source.matchAll(/^export async function (\w+)\(/gm)].map((m) => m[1]!)
    for (const n of ['validate_order', 'charge_payment', 'reserve_stock', 'ship_order']) assert.ok(names.includes(n), n)
    const counted = source.replace(/^export async function (\w+)\(/gm, 'async function $1__example(') + COUNTING + names.map((n) => `export const ${n} = counted(${n}__example)\n`).join('')
    writeFileSync(join(root, wf.actions), counted)
    moduleFile = join(root, 'orders.module.json')
    writeFileSync(moduleFile, JSON.stringify(await compileAction(join(root, wf.actions), WASM)))
    childJs = bundleChild('test/unit/workflow-fault-child.ts', join(root, 'workflow-fault-child.js'))
    workerPath()
  })

  it('a step cut off by a crash runs the same attempt again: a human step follows the transaction it started', async () => {
    // What this test's first runs found: a resumed run counted the cut-off attempt as a failed one, so validate
    // (max_retries 0) showed "retrying 4/1" after three kills, and a human step asked for a new transaction
    // <prefix>-2 beside the <prefix>-1 the person may have been answering, which resumes on its own.
    const dir = tempTree({
      'h.workflow.json': JSON.stringify({ name: 'h', steps: [
        { id: 'validate', type: 'task', config: { duration_seconds: 0 } },
        { id: 'approve', type: 'task', config: { action: 'approve', duration_seconds: 0, max_retries: 1 }, depends_on: ['validate'] },
      ] }),
    })
    const file = join(dir, 'h.workflow.json')
    const id = 'wf-human-cut'
    const leases = new Leases(join(dir, 'history', 'leases'))
    const asked: string[] = []
    const open = async (lease: ReturnType<Leases['acquire']>) => {
      const p = await prepareWorkflow(file, id, { compile: () => Promise.reject(new Error('no module')), isAction: (slug) => slug === 'approve', concurrency: 4 })
      return {
        id, workerPath: workerPath(), history: new HistoryStore(join(dir, 'history'), { lease, leases }), compiled: p.compiled, user: USER,
        action: { slug: 'h', name: 'h', file }, workflow: { data: p.data, started: p.started }, hostId: lease.id,
      }
    }
    const w1 = leases.acquire()
    // The person has not answered yet when the window goes away.
    const first = new Transaction({ ...(await open(w1)), runChild: (req) => (asked.push(req.id), new Promise(() => {})) })
    await poll(() => asked.length === 1)
    first.abandon()
    w1.release()
    const w2 = leases.acquire()
    const o = await open(w2)
    assert.deepEqual(o.history.recover().orphans, [id])
    const reopened = o.history.reopen(id)
    assert.ok('log' in reopened)
    const again = new Transaction({ ...o, resumed: reopened as ReopenedRun, runChild: async (req) => (asked.push(req.id), { ok: true, value: { approved: true } }) })
    const r = await within(again.finished, 10_000)
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(asked, [`${id}-s1-1`, `${id}-s1-1`], 'the resumed run follows the transaction the cut-off attempt started')
    assert.deepEqual(r.workflow!.steps.map((s) => [s.id, s.status, s.attempt, s.childTx]), [['validate', 'completed', 1, undefined], ['approve', 'completed', 1, `${id}-s1-1`]])
    w2.release()
  })

  it(`slow-order killed ${KILLS} times at random moments: each run resumed to its end, no completed step run again, the right order`, async () => {
    const started = Date.now()
    const landed = new Landings()
    let kills = 0
    /** Kills armed and not yet known to have missed (the child ended first): never more than KILLS. */
    let armed = 0
    let resumes = 0
    let runs = 0
    let mostKills = 0
    let reruns = 0

    async function run(t: number): Promise<void> {
      const dir = join(root, `h${t}`)
      const id = `wf-fault-${t}`
      const db = join(root, `orders-${t}.json`)
      copyFileSync(join(EXAMPLE, 'data/orders.json'), db)
      const logFile = join(dir, `${id}.jsonl`)
      const children: Child[] = []
      let printed: unknown
      let mine = 0
      for (;;) {
        const kill = mine < PER_RUN && armed < KILLS ? drawKill() : undefined
        if (kill) armed++
        const before = readLog(logFile).length
        const child: Child = { n: children.length, out: '' }
        children.push(child)
        const { out, killed } = await spawnChild(childJs, [dir, id, workflowFile, moduleFile, workerPath(), db], kill)
        child.out = out
        child.lease = /^lease (\S+)$/m.exec(out)?.[1]
        if (/^resumed$/m.test(out)) resumes++
        if (!killed) {
          if (kill) armed--
          const m = /^result (.*)$/m.exec(out)
          if (m) printed = JSON.parse(m[1]!)
          else assert.match(out, /^ended completed$/m, `run ${t}: ${describeChild(child)} neither completed nor found it ended:\n${out}`)
          break
        }
        child.kill = ++kills
        child.afterMs = kill!.afterMs
        child.from = kill!.from
        mine++
        // The killed window's lease is gone, as it is once its TTL has passed.
        rmSync(join(dir, 'leases'), { recursive: true, force: true })
        landed.add(landing(before, readLog(logFile), readSigns(`${db}.runs`), child.lease))
      }
      runs++
      mostKills = Math.max(mostKills, mine)
      check(t, id, dir, logFile, db, children, printed)
    }

    function check(t: number, id: string, dir: string, logFile: string, db: string, children: Child[], printed: unknown): void {
      const at = `run ${t} (${id}, ${children.length} windows)`
      const log = readLog(logFile)
      assert.equal(log[0]?.type, 'started', `${at}: the log starts with its started event`)
      const ends = log.filter((e) => ['result', 'error', 'canceled', 'interrupted', 'diverged', 'redirected'].includes(e.type))
      assert.deepEqual(ends.map((e) => e.type), ['result'], `${at}: one end, a result: ${JSON.stringify(ends)}`)
      assert.equal(log[log.length - 1]!.type, 'result', `${at}: nothing after the result`)
      const tracking = `TRK-${id.slice(-6).toUpperCase()}`
      const expected = { validate: { total: 139 }, charge: { charged: 139 }, reserve: { reserved: true }, ship: { tracking } }
      assert.deepEqual(ends[0]!.value, expected, `${at}: the result`)
      if (printed !== undefined) assert.deepEqual(printed, expected, `${at}: the result the last window saw`)

      // Each step journaled at its fixed position, ended ok once, never started after that; no step function
      // ran more often than its step's journaled starts, or in a window after the one that journaled its end.
      const signs = readSigns(`${db}.runs`)
      for (const e of log) if (e.type === 'step') assert.equal(e.name, STEPS[e.seq! - WORKFLOW_SEQ], `${at}: step ${String(e.name)} at seq ${e.seq}`)
      for (const step of STEPS) reruns += checkStep(at, step, log, signs.filter((s) => s.kind === 'run' && s.step === step).map((s) => s.lease), children)
      // Nothing failed: a step cut off by a kill ran its attempt again, taking none of its retries.
      assert.deepEqual([...new Set(log.filter((e) => e.type === 'step').map((e) => e.attempt))], [1], `${at}: every step event is of attempt 1`)
      checkOrder(at, id, db, signs, tracking)

      // History's view of it.
      const store = new HistoryStore(dir)
      const r = store.read(id)
      assert.equal(r.status, 'completed', at)
      assert.deepEqual(r.problems, [], `${at}: problems`)
      assert.deepEqual(r.workflow?.steps.map((s) => [s.id, s.status, s.attempt]), STEPS.map((s) => [s, 'completed', 1]), `${at}: the graph`)
      assert.deepEqual(Object.fromEntries(r.workflow!.steps.map((s) => [s.id, s.result])), expected, `${at}: the graph's results`)
      const resumedEvents = log.filter((e) => e.type === 'resumed').length
      assert.equal(r.resumed, resumedEvents, `${at}: resumed count`)
      assert.ok(resumedEvents <= children.length - 1, `${at}: ${resumedEvents} resumes by ${children.length} windows`)
      assert.ok(resumedEvents >= children.filter((c) => /^resumed$/m.test(c.out)).length, `${at}: every window that said it resumed is in the log`)
      const summary = store.summary(id)
      assert.equal(summary?.status, 'completed', `${at}: the index has it completed`)
      assert.equal(summary?.resumed ?? 0, resumedEvents, `${at}: the index counts its resumes`)
      assert.equal(existsSync(join(dir, 'claims', claimKey('tx', id))), false, `${at}: its claim is gone`)
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.jsonl')), [`${id}.jsonl`], `${at}: one log`)
    }

    /**
     * The right order state. Everything but `history` is what an uninterrupted
     * run leaves: shipped, reserved, its tracking number, and exactly one
     * payment, of the total, under the charge step's idempotency key (a charge
     * run again finds its own payment). `history` is a step function's log,
     * appended to on every run: a step cut off after its change (before its
     * end reached the journal) runs again and adds its line again. So it holds
     * each step's line once per run of that step that made its change (at least
     * the runs that signed their change, at most the runs), and in dependency
     * order: validated lines first, shipped lines last.
     */
    function checkOrder(at: string, id: string, db: string, signs: Sign[], tracking: string): void {
      const example = (JSON.parse(readFileSync(join(EXAMPLE, 'data/orders.json'), 'utf8')) as Record<string, Record<string, unknown>>).ord_1001!
      const orders = JSON.parse(readFileSync(db, 'utf8')) as Record<string, Record<string, unknown>>
      assert.deepEqual(Object.keys(orders), ['ord_1001'], `${at}: the database's orders`)
      const { history, ...order } = orders.ord_1001!
      const { history: _, ...unchanged } = example
      assert.deepEqual(order, { ...unchanged, status: 'shipped', payments: { [`${id}:charge`]: 139 }, reserved: true, tracking }, `${at}: the order`)
      const lines = history as string[]
      for (const step of STEPS) {
        const n = lines.filter((l) => l === LINE[step]).length
        const ran = signs.filter((s) => s.kind === 'run' && s.step === step).length
        const changed = signs.filter((s) => s.kind === 'effect' && s.step === step).length
        assert.ok(n >= Math.max(1, changed) && n <= ran, `${at}: ${n} "${LINE[step]}" lines in the order's history for ${ran} runs of ${step}, ${changed} of them signed after their change: ${JSON.stringify(lines)}`)
      }
      assert.equal(lines.length, STEPS.reduce((a, s) => a + lines.filter((l) => l === LINE[s]).length, 0), `${at}: only step lines: ${JSON.stringify(lines)}`)
      const rank = (l: string) => (l === 'validated' ? 0 : l === 'shipped' ? 2 : 1)
      assert.deepEqual(lines.map(rank), [...lines.map(rank)].sort(), `${at}: validated, then charged and stock reserved, then shipped: ${JSON.stringify(lines)}`)
    }

    let next = 0
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (kills < KILLS) await run(next++)
      }),
    )
    assert.equal(kills, KILLS)
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    console.log(`      ${kills} kills over ${runs} runs (up to ${mostKills} on one), ${resumes} resumes, ${reruns} step re-runs after a kill inside a step, ${secs} s; kills landed: ${landed}`)
  })
})
