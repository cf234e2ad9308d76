// Scheduler overhead with 10,000 schedules (core/schedules/scheduler.ts), on
// the real timers, against baselines measured in the same run:
//   idle:  CPU used over 10 s with 10,000 daily schedules armed (one timer), and
//          how often its timer woke, vs the same process over 10 s after the
//          scheduler stopped (the host lease renewing in both)
//   edge:  drift at a minute's edge (fire time minus scheduled time) of the few
//          of those 10,000 due then, vs a bare setTimeout to the same edge
//   burst: 10,000 every-minute schedules all due at one edge: the drift of each
//          fire vs the bare setTimeout, at the first edge (each schedule takes
//          its claim) and the next (claims kept: a file check, two state writes)
// The clock is the system's shifted, so a minute's edge comes a few seconds
// ahead instead of up to a minute; between the burst's two edges it jumps
// ahead (pending timers re-armed). Timers are real.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Leases } from '../src/core/history/lease'
import { Scheduler, type Clock } from '../src/core/schedules/scheduler'
import { declaredSchedules, type Schedule } from '../src/core/schedules/spec'

const N = 10_000
const IDLE_MS = 10_000
const MIN = 60_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const ms = (x: number): string => `${x.toFixed(1)} ms`

/** The system clock shifted so that a minute's edge is `inMs` ahead; jump() moves it again. */
class ShiftedClock implements Clock {
  private shift = 0
  private readonly timers = new Set<{ at: number; fn: () => void; t?: NodeJS.Timeout }>()
  edge = 0

  constructor(inMs: number) {
    this.edgeIn(inMs)
  }

  now = (): number => Date.now() + this.shift

  setTimer = (fn: () => void, ms: number): (() => void) => {
    const timer = { at: this.now() + ms, fn }
    this.timers.add(timer)
    this.arm(timer)
    return () => (clearTimeout((timer as { t?: NodeJS.Timeout }).t), this.timers.delete(timer))
  }

  /** Shifts the clock so that the next minute's edge is `inMs` from now, re-arming pending timers. */
  edgeIn(inMs: number): number {
    const real = Date.now()
    const fakeNow = real + this.shift
    this.edge = Math.ceil((fakeNow + 1) / MIN) * MIN
    this.shift = this.edge - (real + inMs)
    for (const t of this.timers) this.arm(t)
    return this.edge
  }

  private arm(timer: { at: number; fn: () => void; t?: NodeJS.Timeout }): void {
    clearTimeout(timer.t)
    timer.t = setTimeout(() => (this.timers.delete(timer), timer.fn()), Math.max(0, timer.at - this.now()))
  }
}

/** A bare setTimeout to the same edge: how late the event loop itself is. */
function bareTimer(clock: Clock, edge: number): Promise<number> {
  return new Promise((r) => setTimeout(() => r(clock.now() - edge), edge - clock.now()))
}

/**
 * CPU over IDLE_MS in one-second windows: the total, and the median window
 * (V8's memory reducer runs one GC some seconds after allocation stops, in
 * one window; the median is the steady state).
 */
async function idleCpu(label: string): Promise<Record<string, string>> {
  const windows: number[] = []
  for (let i = 0; i < IDLE_MS / 1000; i++) {
    const c0 = process.cpuUsage()
    await sleep(1000)
    const c = process.cpuUsage(c0)
    windows.push((c.user + c.system) / 1000)
  }
  return { [`idle CPU/10 s, ${label}`]: ms(windows.reduce((a, b) => a + b, 0)), [`idle CPU/1 s median, ${label}`]: ms(pct(windows, 50)) }
}

async function run(label: string, schedules: Schedule[], edgeInMs: number, idle: boolean, edges = 1): Promise<Record<string, string>> {
  const row: Record<string, string> = { run: label }
  global.gc?.()
  const dir = mkdtempSync(join(tmpdir(), 'mini-interval-bench-sched-'))
  const leases = new Leases(join(dir, 'leases'))
  const lease = leases.acquire()
  const clock = new ShiftedClock(edgeInMs)
  let wakes = 0
  let drift: number[] = []
  const scheduler = new Scheduler({
    dir: join(dir, 'schedules'), leases, owner: lease.id,
    clock: { now: clock.now, setTimer: (fn, ms) => clock.setTimer(() => (wakes++, fn()), ms) },
    fire: (_s, scheduledFor) => void drift.push(clock.now() - scheduledFor.getTime()),
  })
  const t = performance.now()
  scheduler.start(schedules)
  row[`start ${N}`] = ms(performance.now() - t)
  if (idle) {
    await sleep(2_000)
    const w0 = wakes
    Object.assign(row, await idleCpu('10,000 armed'))
    row['timer wakes while idle'] = String(wakes - w0)
  }
  for (let e = 1; e <= edges; e++) {
    const edge = clock.edge
    const bare = bareTimer(clock, edge)
    const due = schedules.filter((s) => s.cron.startsWith('*') || s.cron.startsWith(`${new Date(edge).getUTCMinutes()} ${new Date(edge).getUTCHours()} `)).length
    const bareDrift = await bare
    const t0 = performance.now()
    while (drift.length < due && performance.now() - t0 < 60_000) await sleep(20)
    await scheduler.settled()
    const at = edges > 1 ? ` (edge ${e})` : ''
    row[`fired at the edge${at}`] = `${drift.length}/${due}`
    row[`bare setTimeout drift${at}`] = ms(bareDrift)
    row[`drift p50${at}`] = ms(pct(drift, 50))
    row[`drift p95${at}`] = ms(pct(drift, 95))
    row[`drift max${at}`] = ms(Math.max(...drift))
    drift = []
    if (e < edges) clock.edgeIn(3_000)
  }
  await scheduler.stop()
  if (idle) {
    await sleep(2_000)
    // The baseline: the same process, as warm, with the scheduler stopped (the lease still renewing).
    Object.assign(row, await idleCpu('stopped'))
  }
  lease.release()
  rmSync(dir, { recursive: true, force: true })
  return row
}

async function main(): Promise<void> {
  // Daily schedules spread over the day's minutes: about 7 are due at any edge.
  const daily = Array.from({ length: N }, (_, i) => declaredSchedules(`action-${i}`, [{ cron: `${i % 60} ${Math.floor(i / 60) % 24} * * *`, timezone: 'UTC', params: {} }])[0])
  const everyMinute = Array.from({ length: N }, (_, i) => declaredSchedules(`action-${i}`, [{ cron: '* * * * *', timezone: 'UTC', params: {} }])[0])
  const rows = [await run('10,000 daily', daily, IDLE_MS + 6_000, true), await run('10,000 every minute', everyMinute, 5_000, false, 2)]
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const width = Math.max(...keys.map((k) => k.length))
  for (const k of keys) console.log(`${k.padEnd(width)}  ${rows.map((r) => (r[k] ?? '').padStart(20)).join('')}`)
}

void main()
