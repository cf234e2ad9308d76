// The durable scheduler of the embedded engine: it runs each schedule's
// scheduled times exactly once, across crashes and across processes sharing
// the data folder.
//
// Exactly once: a schedule is fired only by the holder of its claim
// (`claims/sched-<id>`, durable/claims.ts: epochs, owners judged by their host
// lease, fencing), which first writes the time it is about to fire into the
// schedule's state (`firing`), then calls `fire`, then records it as
// `lastFiredFor`. A holder killed in between leaves `firing` behind; whoever
// takes the claim next fires that time again with the same run id, so `fire`
// must start a run only if no run with that id exists (History: its log).
// The holder keeps the claim from fire to fire (one file check each time) until
// it stops or dies; another process finding it held looks again a little later,
// finds the time fired, and waits for the next one.
//
// Catch-up: when a schedule's times were missed (nothing ran, or the timer
// woke late), only the most recent one fires; the older ones are recorded in
// the state as skipped, never run in a burst. A schedule first seen now
// catches up nothing before now.
//
// One timer: wake-ups sit in a heap and one timer is armed for the earliest.
import { randomBytes } from 'node:crypto'
import { watch } from 'node:fs'
import { join } from 'node:path'
import { Claims, StaleClaimError, type Claim, type ClaimInfo } from '../durable/claims'
import type { Leases } from '../history/lease'
import { Cron } from './cron'
import { ScheduleStore, type AddedSchedule, type ScheduleState } from './store'
import { readSchedules, type Schedule, type ScheduleNotify } from './spec'
import { TimerHeap } from './timerHeap'

/** Time as the scheduler sees it: injected in tests, whose minutes can be short. */
export interface Clock {
  now(): number
  /** Calls `fn` after `ms`; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms)
    // The scheduler never keeps a process alive on its own.
    t.unref()
    return () => clearTimeout(t)
  },
}

/**
 * Starts the run of `schedule` for `scheduledFor`. It may be called again with
 * the same `runId` after a crash: start the run only if none with that id
 * exists. Resolves once the run is durably started (not when it ends); a throw
 * counts as fired and is reported as `failed`, never retried.
 */
export type FireSchedule = (schedule: Schedule, scheduledFor: Date, runId: string) => Promise<void> | void

export type SchedulerEvent =
  | { type: 'fired'; schedule: Schedule; scheduledFor: Date; runId: string; /** a time another process (or this one before a crash) began */ resumed: boolean }
  | { type: 'failed'; schedule: Schedule; scheduledFor: Date; runId: string; error: string }
  | { type: 'skipped'; schedule: Schedule; after: Date; before: Date }
  | { type: 'held'; schedule: Schedule; by: ClaimInfo }
  | { type: 'error'; schedule?: Schedule; error: string }

export interface SchedulerOptions {
  /** The schedules' folder in the data folder (serve: `<data>/schedules`). */
  dir: string
  /** Where host leases are, to judge whether a claim's owner is alive (serve: its history leases). */
  leases: Leases
  /** This process's host lease id: the owner of the claims it takes. */
  owner: string
  fire: FireSchedule
  clock?: Clock
  /** How soon to look again at a schedule another live process holds (ms, the clock's). */
  retryMs?: number
  /**
   * How often to look for schedules another process added or removed (ms, the clock's), when the
   * folder cannot be watched; where it can, a change is heard at once and nothing is polled.
   */
  pollMs?: number
  /** Watch the added schedules' folder (default true; tests with their own clock may turn it off). */
  watch?: boolean
  onEvent?: (e: SchedulerEvent) => void
}

interface Entry {
  schedule: Schedule
  cron: Cron
  version: number
  /** When it fires next (or is next looked at), for History's "next run". */
  next?: number
  busy?: Promise<void>
  again?: boolean
  /** This process's claim on the schedule, kept between fires. */
  claim?: Claim
}

/** How long one turn of the event loop may spend starting due schedules. */
const DRAIN_SLICE_MS = 20

/** Timers longer than this are re-armed on waking (setTimeout's limit is 24.8 days). */
const MAX_TIMER_MS = 6 * 3600_000

/** The run id of a schedule's scheduled time: the same every time it is fired. */
export function scheduledRunId(id: string, scheduledFor: Date): string {
  return `sched-${id}-${scheduledFor.toISOString().slice(0, 16).replace(/[-:T]/g, '')}`
}

const iso = (t: number): string => new Date(t).toISOString()
const time = (s: string | undefined): number => (s ? Date.parse(s) : -Infinity)

export class Scheduler {
  readonly store: ScheduleStore
  private readonly claims: Claims
  private readonly clock: Clock
  private readonly entries = new Map<string, Entry>()
  private readonly heap = new TimerHeap()
  /** Schedules due now, waiting for their turn (drain). */
  private due: Entry[] = []
  private cancelTimer?: () => void
  private timerAt = Infinity
  private version = 0
  private nextPoll = Infinity
  private addedStamp = ''
  private started = false
  private unwatch?: () => void
  private stopped = false

  constructor(private readonly opts: SchedulerOptions) {
    this.store = new ScheduleStore(opts.dir)
    this.claims = new Claims(join(opts.dir, 'claims'), opts.leases)
    this.clock = opts.clock ?? systemClock
  }

  /** Loads the added schedules, catches up what was missed (once each) and arms the timer. */
  start(declared: Schedule[] = []): void {
    this.started = true
    this.setDeclared(declared)
    this.loadAdded()
    this.nextPoll = this.watchAdded() ? Infinity : this.clock.now() + (this.opts.pollMs ?? 15_000)
    this.arm()
  }

  /** Hears other processes' added and removed schedules at once, so an idle scheduler wakes only for its next time. */
  private watchAdded(): boolean {
    if (this.opts.watch === false || this.opts.pollMs !== undefined) return false
    try {
      let pending: NodeJS.Timeout | undefined
      const watcher = watch(this.store.addedDir, () => {
        // A write is a few events: read once they settle.
        clearTimeout(pending)
        pending = setTimeout(() => {
          if (this.stopped) return
          if (this.store.addedStamp() !== this.addedStamp) this.refresh()
        }, 50)
        pending.unref()
      })
      watcher.unref()
      watcher.on('error', () => {
        // The folder went away (or the watch failed): poll instead.
        watcher.close()
        if (this.stopped) return
        this.nextPoll = this.clock.now() + (this.opts.pollMs ?? 15_000)
        this.arm()
      })
      this.unwatch = () => (clearTimeout(pending), watcher.close())
      return true
    } catch {
      return false
    }
  }

  /** Replaces the schedules declared in action files (the catalog calls this as files change). */
  setDeclared(list: Schedule[]): void {
    const ids = new Set(list.map((s) => s.id))
    for (const [id, e] of this.entries) if (e.schedule.origin === 'action' && !ids.has(id)) this.drop(e)
    for (const s of list) {
      const known = this.entries.get(s.id)
      if (known) known.schedule = s
      else this.track({ ...s, origin: 'action' })
    }
    this.arm()
  }

  /** Adds a schedule (from the UI or a command), kept in the data folder with its owner and params. */
  add(input: { slug: string; cron: string; timezone?: string; params?: Record<string, unknown>; owner: string; notify?: ScheduleNotify; notifyTo?: string[] }): AddedSchedule {
    const checked = readSchedules({ schedule: { cron: input.cron, timezone: input.timezone, params: input.params, ...(input.notify ? { notify: input.notify } : {}), ...(input.notifyTo ? { notifyTo: input.notifyTo } : {}) } })
    if (!checked.ok) throw new Error(checked.error.replace(/^The action's "schedule"/, 'The schedule'))
    const s: AddedSchedule = { ...checked.schedules[0], id: randomBytes(8).toString('hex'), slug: input.slug, origin: 'added', owner: input.owner, createdAt: iso(this.clock.now()) }
    this.store.writeAdded(s)
    this.track(s)
    this.addedStamp = this.store.addedStamp()
    this.arm()
    return s
  }

  /** Removes an added schedule (a declared one goes when its action file drops it); false if there is none. */
  remove(id: string): boolean {
    const e = this.entries.get(id)
    if (e && e.schedule.origin !== 'added') return false
    const removed = this.store.removeAdded(id)
    this.store.removeState(id)
    if (e) this.drop(e, true)
    else this.removeClaim(id)
    this.addedStamp = this.store.addedStamp()
    return removed || !!e
  }

  /** Every schedule it runs, with when each fires next. */
  list(): (Schedule & { nextRun?: Date })[] {
    return [...this.entries.values()].map((e) => ({ ...e.schedule, ...(e.next !== undefined ? { nextRun: new Date(e.next) } : {}) }))
  }

  /** When schedule `id` fires next, for History. */
  nextRun(id: string): Date | undefined {
    const next = this.entries.get(id)?.next
    return next === undefined ? undefined : new Date(next)
  }

  /** What the folder knows of schedule `id`: last fired, being fired, last skipped. */
  state(id: string): ScheduleState | undefined {
    return this.store.readState(id)
  }

  /** Reads schedules other processes added or removed (start does; then every pollMs). */
  refresh(): void {
    this.loadAdded()
    this.arm()
  }

  /** Stops the timer, waits for fires under way and lets its claims go (another process takes over at once). */
  async stop(): Promise<void> {
    this.stopped = true
    this.unwatch?.()
    this.cancelTimer?.()
    this.cancelTimer = undefined
    await Promise.all([...this.entries.values()].map((e) => e.busy))
    for (const e of this.entries.values()) {
      e.claim?.release()
      e.claim = undefined
    }
  }

  /** Stops following `e` and lets its claim go; an added schedule's claim folder goes too, unless another process holds it. */
  private drop(e: Entry, removed = false): void {
    if (this.entries.get(e.schedule.id) === e) this.entries.delete(e.schedule.id)
    if (e.busy) return // its attempt lets the claim go when it ends
    e.claim?.release()
    e.claim = undefined
    if (removed) this.removeClaim(e.schedule.id)
  }

  private removeClaim(id: string): void {
    if (/^[a-z0-9]+$/.test(id) && !this.claims.holder(`sched-${id}`)) this.claims.remove(`sched-${id}`)
  }

  /** Resolves when no fire is under way (tests). */
  async settled(): Promise<void> {
    for (;;) {
      const busy = [...this.entries.values()].flatMap((e) => (e.busy ? [e.busy] : []))
      if (!busy.length && !this.due.length) return
      await Promise.all(busy)
      if (this.due.length) await new Promise((r) => setImmediate(r))
    }
  }

  private emit(e: SchedulerEvent): void {
    try {
      this.opts.onEvent?.(e)
    } catch {
      // a listener's fault is not the schedule's
    }
  }

  private loadAdded(): void {
    this.addedStamp = this.store.addedStamp()
    const added = this.store.listAdded()
    const ids = new Set(added.map((s) => s.id))
    for (const [id, e] of this.entries) if (e.schedule.origin === 'added' && !ids.has(id)) this.drop(e, true)
    for (const s of added) if (!this.entries.has(s.id)) this.track(s)
  }

  /** Starts following `s`: due now if a time was missed (or left half-fired), else at its next time. */
  private track(s: Schedule): void {
    let cron: Cron
    try {
      cron = new Cron(s.cron)
    } catch (e) {
      this.emit({ type: 'error', schedule: s, error: (e as Error).message })
      return
    }
    const entry: Entry = { schedule: s, cron, version: 0 }
    this.entries.set(s.id, entry)
    const now = this.clock.now()
    let st = this.store.readState(s.id)
    if (!st) {
      st = { id: s.id, since: iso(now) }
      this.store.writeState(st)
    }
    const base = Math.max(time(st.lastFiredFor), time(st.since))
    const halfFired = st.firing !== undefined && time(st.firing) > time(st.lastFiredFor)
    try {
      if (halfFired || cron.next(base, s.timezone).getTime() <= now) this.wake(entry, now)
      else this.plan(entry, now)
    } catch (e) {
      this.entries.delete(s.id)
      this.emit({ type: 'error', schedule: s, error: (e as Error).message })
    }
  }

  private wake(entry: Entry, at: number): void {
    entry.version = ++this.version
    entry.next = at
    this.heap.push({ at, id: entry.schedule.id, version: entry.version })
  }

  private plan(entry: Entry, from: number): void {
    this.wake(entry, entry.cron.next(from, entry.schedule.timezone).getTime())
  }

  private arm(): void {
    if (!this.started || this.stopped) return
    // Stale wake-ups (removed schedules, older plans) pile up as plans change: drop them now and then.
    if (this.heap.size > 2 * this.entries.size + 64) this.heap.retain((w) => this.entries.get(w.id)?.version === w.version)
    const at = Math.min(this.heap.peek()?.at ?? Infinity, this.nextPoll)
    if (at === this.timerAt && this.cancelTimer) return
    this.cancelTimer?.()
    this.cancelTimer = undefined
    this.timerAt = at
    if (at === Infinity) return
    const ms = Math.min(Math.max(0, at - this.clock.now()), MAX_TIMER_MS)
    this.cancelTimer = this.clock.setTimer(() => this.onTimer(), ms)
  }

  private onTimer(): void {
    this.cancelTimer = undefined
    this.timerAt = Infinity
    if (this.stopped) return
    const now = this.clock.now()
    if (now >= this.nextPoll) {
      this.nextPoll = now + (this.opts.pollMs ?? 15_000)
      if (this.store.addedStamp() !== this.addedStamp) this.loadAdded()
    }
    const draining = this.due.length > 0
    for (let w = this.heap.peek(); w && w.at <= now; w = this.heap.peek()) {
      this.heap.pop()
      const entry = this.entries.get(w.id)
      if (entry && entry.version === w.version) this.due.push(entry)
    }
    if (!draining) this.drain()
    this.arm()
  }

  /**
   * Runs due schedules a slice at a time: each attempt's claim and state are
   * synchronous file work, and thousands due at one edge must not hold the
   * event loop (serve's requests) for seconds.
   */
  private drain(): void {
    const start = performance.now()
    let i = 0
    for (; i < this.due.length && !this.stopped; i++) {
      if (performance.now() - start > DRAIN_SLICE_MS) break
      const entry = this.due[i]
      if (this.entries.get(entry.schedule.id) === entry) this.run(entry)
    }
    this.due = this.stopped ? [] : this.due.slice(i)
    if (this.due.length) setImmediate(() => this.drain())
  }

  /** One attempt at a time per schedule; a wake-up during one runs after it. */
  private run(entry: Entry): void {
    if (entry.busy) {
      entry.again = true
      return
    }
    entry.busy = this.attempt(entry)
      .catch((e: unknown) => this.emit({ type: 'error', schedule: entry.schedule, error: (e as Error).message }))
      .finally(() => {
        entry.busy = undefined
        if (entry.again && !this.stopped) {
          entry.again = false
          this.run(entry)
        }
      })
  }

  private async attempt(entry: Entry): Promise<void> {
    const s = entry.schedule
    const key = `sched-${s.id}`
    const runFor = async (st: ScheduleState, at: number, resumed: boolean): Promise<ScheduleState> => {
      const scheduledFor = new Date(at)
      const runId = scheduledRunId(s.id, scheduledFor)
      try {
        await this.opts.fire(s, scheduledFor, runId)
        this.emit({ type: 'fired', schedule: s, scheduledFor, runId, resumed })
      } catch (e) {
        this.emit({ type: 'failed', schedule: s, scheduledFor, runId, error: e instanceof Error ? e.message : String(e) })
      }
      const { firing: _done, ...rest } = st
      return { ...rest, lastFiredFor: iso(at) }
    }
    if (entry.claim && !this.claims.isCurrent(key, entry.claim.epoch)) entry.claim = undefined
    if (!entry.claim) {
      // take() refuses while another live owner holds it; this process runs one attempt per schedule at a time.
      const taken = this.claims.take(key, this.opts.owner, { tx: s.id, user: s.owner ?? 'schedule' })
      if (!('epoch' in taken)) {
        this.emit({ type: 'held', schedule: s, by: taken.heldBy })
        if (this.entries.get(s.id) === entry && !this.stopped) {
          // Look again soon while a time is due and not yet fired by the holder, else at the next time.
          const now = this.clock.now()
          const st = this.store.readState(s.id)
          const base = st ? Math.max(time(st.lastFiredFor), time(st.since)) : now
          const pending = (st?.firing !== undefined && time(st.firing) > time(st?.lastFiredFor)) || entry.cron.next(base, s.timezone).getTime() <= now
          if (pending) this.wake(entry, now + (this.opts.retryMs ?? 5_000))
          else this.plan(entry, now)
          this.arm()
        }
        return
      }
      entry.claim = taken
    }
    const claim = entry.claim
    let last = -Infinity
    try {
      let st = this.store.readState(s.id) ?? { id: s.id, since: iso(this.clock.now()) }
      // A time whose firing was cut short (a crash, a lapsed lease) is finished first, under the same run id.
      if (st.firing !== undefined && time(st.firing) > time(st.lastFiredFor)) {
        st = await runFor(st, time(st.firing), true)
        claim.check()
        this.store.writeState(st)
      }
      // An added schedule removed by another process meanwhile: nothing more to fire.
      if (s.origin === 'added' && !this.store.readAdded(s.id)) {
        this.entries.delete(s.id)
        claim.release()
        entry.claim = undefined
        this.removeClaim(s.id)
        return
      }
      const now = this.clock.now()
      const base = Math.max(time(st.lastFiredFor), time(st.since))
      last = base
      const due = entry.cron.latest(base, now, s.timezone)?.getTime()
      if (due === undefined) return
      const firstMissed = entry.cron.next(base, s.timezone).getTime()
      const skipped = firstMissed < due ? { after: iso(base), before: iso(due) } : undefined
      claim.check()
      this.store.writeState({ ...st, firing: iso(due), ...(skipped ? { skipped } : {}) })
      if (skipped) this.emit({ type: 'skipped', schedule: s, after: new Date(base), before: new Date(due) })
      st = await runFor({ ...st, ...(skipped ? { skipped } : {}) }, due, false)
      last = due
      claim.check()
      this.store.writeState(st)
    } catch (e) {
      // Another process took the claim over (this one's lease lapsed): it finishes the time.
      if (!(e instanceof StaleClaimError)) throw e
      entry.claim = undefined
    } finally {
      // Dropped meanwhile (removed, or gone from its action file): the claim goes now.
      if (this.entries.get(s.id) !== entry && entry.claim) {
        entry.claim.release()
        entry.claim = undefined
      }
      if (this.entries.get(s.id) === entry && !this.stopped) {
        this.plan(entry, Math.max(this.clock.now(), last))
        this.arm()
      }
    }
  }
}
