// Schedules: the action's declaration (zod, readable errors, stable ids) and
// the durable scheduler on a fake clock: fires at each time once, catches up
// the most recent missed time once after downtime, finishes a fire cut short,
// two schedulers on one folder never fire a time twice, added schedules
// persist, and one timer serves ten thousand schedules.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Leases, type HostLease } from '../../src/core/history/lease'
import { checkAction } from '../../src/core/runtime/definition'
import { Scheduler, scheduledRunId, type Clock, type SchedulerEvent } from '../../src/core/schedules/scheduler'
import { declaredSchedules, readSchedules, scheduleId, type Schedule } from '../../src/core/schedules/spec'

const MIN = 60_000
const T0 = Date.parse('2026-06-01T08:00:00Z')

/** A clock the test moves: timers run in time order, each followed by the fires it started. */
class FakeClock implements Clock {
  private timers: { at: number; fn: () => void; n: number }[] = []
  private n = 0
  constructor(public t: number) {}
  now = (): number => this.t
  setTimer = (fn: () => void, ms: number): (() => void) => {
    const timer = { at: this.t + ms, fn, n: this.n++ }
    this.timers.push(timer)
    return () => (this.timers = this.timers.filter((x) => x !== timer))
  }
  get pending(): number {
    return this.timers.length
  }
  /** Moves to `to`, running due timers in order and letting `settle` finish what they started. */
  async advanceTo(to: number, settle: () => Promise<void>): Promise<void> {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= to).sort((a, b) => a.at - b.at || a.n - b.n)[0]
      if (!due) break
      this.timers = this.timers.filter((x) => x !== due)
      this.t = Math.max(this.t, due.at)
      due.fn()
      await settle()
    }
    this.t = Math.max(this.t, to)
    await settle()
  }
}

/** What the lead's fire does, in miniature: starts a run only if none with that id exists. */
class Runs {
  started = new Map<string, { schedule: Schedule; scheduledFor: string }>()
  calls: string[] = []
  fire = async (schedule: Schedule, scheduledFor: Date, runId: string): Promise<void> => {
    this.calls.push(runId)
    await new Promise((r) => setImmediate(r))
    if (!this.started.has(runId)) this.started.set(runId, { schedule, scheduledFor: scheduledFor.toISOString() })
  }
  times(id: string): string[] {
    return [...this.started.values()].filter((r) => r.schedule.id === id).map((r) => r.scheduledFor).sort()
  }
}

const leasesOf = (dir: string): Leases => new Leases(join(dir, 'leases'))
const tmp = (): string => mkdtempSync(join(tmpdir(), 'mini-interval-sched-'))
const every = (cron: string, slug = 'report', params: Record<string, unknown> = {}, timezone = 'UTC'): Schedule => declaredSchedules(slug, [{ cron, timezone, params }])[0]

function scheduler(dir: string, clock: FakeClock, runs: Runs, opts: { lease?: HostLease; retryMs?: number; events?: SchedulerEvent[] } = {}) {
  const leases = leasesOf(dir)
  const lease = opts.lease ?? leases.acquire()
  const s = new Scheduler({ dir: join(dir, 'schedules'), leases, owner: lease.id, clock, fire: runs.fire, retryMs: opts.retryMs ?? 1_000, onEvent: (e) => opts.events?.push(e) })
  return { s, lease, settle: () => s.settled().then(() => new Promise<void>((r) => setImmediate(r))) }
}

const iso = (t: number): string => new Date(t).toISOString()
const minutes = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => iso(from + i * MIN))

describe('schedule declarations', () => {
  it('reads a cron, an object with zone and params, or a list; defaults to UTC and mode fail', () => {
    assert.deepEqual(readSchedules({ schedule: '0 9 * * 1' }), { ok: true, schedules: [{ cron: '0 9 * * 1', timezone: 'UTC', params: {} }], mode: 'fail' })
    assert.deepEqual(readSchedules({ schedule: [{ cron: '0 9 * * 1', timezone: 'Europe/Berlin', params: { team: 'a' } }, '@daily'], scheduleMode: 'queue' }), {
      ok: true, schedules: [{ cron: '0 9 * * 1', timezone: 'Europe/Berlin', params: { team: 'a' } }, { cron: '@daily', timezone: 'UTC', params: {} }], mode: 'queue',
    })
    assert.deepEqual(readSchedules({}), { ok: true, schedules: [], mode: 'fail' })
  })

  it('says in one line what is wrong and where', () => {
    const error = (v: Record<string, unknown>): string => {
      const r = readSchedules(v)
      assert.equal(r.ok, false)
      return (r as { error: string }).error
    }
    assert.match(error({ schedule: '0 9 * * MOX' }), /^The action's "schedule": Cron "0 9 \* \* MOX": day-of-week: "MOX" is not a number or a day name/)
    assert.match(error({ schedule: ['@daily', { cron: '0 9 * * 1', timezone: 'Mars/Base' }] }), /^The action's "schedule"\[1\]\.timezone: Unknown time zone "Mars\/Base"/)
    assert.match(error({ schedule: { cron: '* * * * *', tz: 'UTC' } }), /"tz"/)
    assert.match(error({ schedule: 42 }), /a schedule is a cron string like "0 9 \* \* 1", or \{ cron, timezone\?, params\? \}/)
    assert.match(error({ schedule: [] }), /an empty list schedules nothing/)
    assert.match(error({ schedule: { cron: '* * * * *', params: { when: new Date() } } }), /params must be plain JSON values/)
    assert.match(error({ scheduleMode: 'later' }), /^The action's "scheduleMode": must be "fail" \(the default\) or "queue"$/)
    for (const e of [error({ schedule: 42 }), error({ schedule: '1 2 3' })]) assert.ok(!e.includes('\n'))
    // The action check refuses a bad schedule with the same line.
    const checked = checkAction({ handler: () => 1, schedule: '99 * * * *' })
    assert.equal(checked.ok, false)
    assert.match((checked as { error: string }).error, /minute: 99 is out of range 0–59/)
    assert.equal(checkAction({ handler: () => 1, schedule: '0 9 * * 1', scheduleMode: 'queue' }).ok, true)
  })

  it('gives each schedule an id that survives restarts and reordering', () => {
    const a = { cron: '0 9 * * 1', timezone: 'UTC', params: { x: 1, y: [1, 2] } }
    assert.equal(scheduleId('report', a), scheduleId('report', { ...a, params: { y: [1, 2], x: 1 } }))
    assert.equal(scheduleId('report', a), scheduleId('report', { ...a, cron: ' 0  9 * * 1 ' }))
    assert.match(scheduleId('report', a), /^[0-9a-f]{16}$/)
    for (const other of [{ ...a, timezone: 'Europe/Berlin' }, { ...a, params: { x: 2, y: [1, 2] } }, { ...a, cron: '0 10 * * 1' }]) assert.notEqual(scheduleId('report', other), scheduleId('report', a))
    assert.notEqual(scheduleId('other', a), scheduleId('report', a))
    const b = { cron: '@daily', timezone: 'UTC', params: {} }
    const ab = declaredSchedules('report', [a, b, a])
    assert.equal(ab.length, 2, 'a repeated entry is one schedule')
    assert.deepEqual(declaredSchedules('report', [b, a]).map((s) => s.id).sort(), ab.map((s) => s.id).sort())
    assert.deepEqual(ab[0], { ...a, id: scheduleId('report', a), slug: 'report', origin: 'action' })
  })
})

describe('scheduler', () => {
  it('fires each scheduled time once, at its time, with a run id of its own', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000)
    const runs = new Runs()
    const events: SchedulerEvent[] = []
    const { s, settle, lease } = scheduler(dir, clock, runs, { events })
    const sched = every('* * * * *')
    s.start([sched])
    assert.equal(s.nextRun(sched.id)?.toISOString(), iso(T0 + MIN))
    await clock.advanceTo(T0 + 5 * MIN + 30_000, settle)
    assert.deepEqual(runs.times(sched.id), minutes(T0 + MIN, 5))
    assert.equal(runs.calls.length, 5)
    assert.deepEqual(runs.calls, minutes(T0 + MIN, 5).map((m) => scheduledRunId(sched.id, new Date(m))))
    assert.match(runs.calls[0], /^sched-[0-9a-f]{16}-202606010801$/)
    assert.equal(s.state(sched.id)?.lastFiredFor, iso(T0 + 5 * MIN))
    assert.equal(s.state(sched.id)?.firing, undefined)
    assert.equal(s.nextRun(sched.id)?.toISOString(), iso(T0 + 6 * MIN))
    assert.ok(events.every((e) => e.type === 'fired' && !e.resumed))
    await s.stop()
    lease.release()
  })

  it('after downtime runs the most recent missed time once, records the older ones as skipped', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000)
    const runs = new Runs()
    const sched = every('*/10 * * * *')
    const first = scheduler(dir, clock, runs)
    first.s.start([sched])
    await clock.advanceTo(T0 + 15 * MIN, first.settle)
    assert.deepEqual(runs.times(sched.id), [iso(T0 + 10 * MIN)])
    await first.s.stop()
    first.lease.release()
    // Down for three hours: 18 times missed.
    clock.t = T0 + 3 * 3600_000 + 15 * MIN
    const events: SchedulerEvent[] = []
    const second = scheduler(dir, clock, runs, { events })
    second.s.start([sched])
    await clock.advanceTo(clock.t, second.settle)
    assert.deepEqual(runs.times(sched.id), [iso(T0 + 10 * MIN), iso(T0 + 3 * 3600_000 + 10 * MIN)])
    assert.deepEqual(second.s.state(sched.id)?.skipped, { after: iso(T0 + 10 * MIN), before: iso(T0 + 3 * 3600_000 + 10 * MIN) })
    assert.deepEqual(events.map((e) => e.type), ['skipped', 'fired'])
    // Then on as usual.
    await clock.advanceTo(T0 + 3 * 3600_000 + 40 * MIN, second.settle)
    assert.deepEqual(runs.times(sched.id).slice(1), [iso(T0 + 3 * 3600_000 + 10 * MIN), iso(T0 + 3 * 3600_000 + 20 * MIN), iso(T0 + 3 * 3600_000 + 30 * MIN), iso(T0 + 3 * 3600_000 + 40 * MIN)])
    await second.s.stop()
    second.lease.release()
  })

  it('catches up nothing for a schedule first seen now, and nothing twice after a quick restart', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000)
    const runs = new Runs()
    const sched = every('0 * * * *')
    const a = scheduler(dir, clock, runs)
    a.s.start([sched])
    await clock.advanceTo(T0 + 30_000, a.settle)
    assert.equal(runs.calls.length, 0, 'the 08:00 before it existed is not caught up')
    await clock.advanceTo(T0 + 60 * MIN + 1, a.settle)
    await a.s.stop()
    a.lease.release()
    const b = scheduler(dir, clock, runs)
    b.s.start([sched])
    await clock.advanceTo(T0 + 119 * MIN, b.settle)
    assert.deepEqual(runs.times(sched.id), [iso(T0 + 60 * MIN)])
    await b.s.stop()
    b.lease.release()
  })

  it('a timer that wakes late (the machine slept) runs the latest time once', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000)
    const runs = new Runs()
    const events: SchedulerEvent[] = []
    const { s, settle, lease } = scheduler(dir, clock, runs, { events })
    const sched = every('* * * * *')
    s.start([sched])
    clock.t = T0 + 45 * MIN + 10_000 // the process was frozen; its timer fires now
    await clock.advanceTo(clock.t, settle)
    assert.deepEqual(runs.times(sched.id), [iso(T0 + 45 * MIN)])
    assert.equal(events.filter((e) => e.type === 'skipped').length, 1)
    await s.stop()
    lease.release()
  })

  it('finishes a fire cut short by a crash under the same run id, so the run starts once', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000)
    const runs = new Runs()
    const sched = every('* * * * *')
    // The first process starts the 08:01 run and dies before recording it.
    let hang: Promise<void> | undefined
    const dying = new Runs()
    dying.fire = async (schedule, scheduledFor, runId) => {
      dying.calls.push(runId)
      runs.started.set(runId, { schedule, scheduledFor: scheduledFor.toISOString() })
      hang = new Promise(() => {})
      await hang
    }
    const a = scheduler(dir, clock, dying)
    a.s.start([sched])
    await clock.advanceTo(T0 + MIN, () => new Promise((r) => setImmediate(r)))
    assert.deepEqual(dying.calls, [scheduledRunId(sched.id, new Date(T0 + MIN))])
    assert.equal(a.s.state(sched.id)?.firing, iso(T0 + MIN))
    a.lease.release() // its host is gone
    const events: SchedulerEvent[] = []
    const b = scheduler(dir, clock, runs, { events })
    b.s.start([sched])
    await clock.advanceTo(T0 + MIN + 20_000, b.settle)
    assert.deepEqual(runs.calls, [scheduledRunId(sched.id, new Date(T0 + MIN))], 'the same run id is fired again')
    assert.deepEqual(runs.times(sched.id), [iso(T0 + MIN)])
    assert.deepEqual(events.map((e) => e.type === 'fired' && e.resumed), [true])
    assert.equal(b.s.state(sched.id)?.lastFiredFor, iso(T0 + MIN))
    await clock.advanceTo(T0 + 3 * MIN, b.settle)
    assert.deepEqual(runs.times(sched.id), minutes(T0 + MIN, 3))
    await b.s.stop()
    b.lease.release()
  })

  it('two schedulers on one folder fire each time exactly once between them', async () => {
    const dir = tmp()
    const runs = new Runs()
    const scheds = [every('* * * * *', 'a'), every('*/2 * * * *', 'b'), every('*/3 * * * *', 'c', { p: 1 })]
    const c1 = new FakeClock(T0 + 30_000)
    const c2 = new FakeClock(T0 + 30_000)
    const events: SchedulerEvent[] = []
    const one = scheduler(dir, c1, runs, { retryMs: 2_000, events })
    const two = scheduler(dir, c2, runs, { retryMs: 2_000, events })
    one.s.start(scheds)
    two.s.start(scheds)
    // Their clocks move in turns, a second apart, each wake-up racing the other's.
    for (let i = 0, t = T0 + 30_000; t <= T0 + 30 * MIN; i++, t += 7_000) {
      const [first, second] = i % 2 ? ([[c1, one], [c2, two]] as const) : ([[c2, two], [c1, one]] as const)
      await Promise.all([first[0].advanceTo(t, first[1].settle), second[0].advanceTo(t + 1_000, second[1].settle)])
    }
    await Promise.all([c1.advanceTo(T0 + 31 * MIN, one.settle), c2.advanceTo(T0 + 31 * MIN, two.settle)])
    for (const [k, sched] of scheds.entries()) {
      const step = [1, 2, 3][k]
      const expected = Array.from({ length: Math.floor(31 / step) }, (_, i) => iso(T0 + (i + 1) * step * MIN))
      assert.deepEqual(runs.times(sched.id), expected, sched.cron)
    }
    assert.equal(new Set(runs.calls).size, runs.calls.length, 'no time was even attempted twice')
    assert.ok(events.filter((e) => e.type === 'held').length > 10, 'they did contend for the same times')
    await Promise.all([one.s.stop(), two.s.stop()])
    one.lease.release()
    two.lease.release()
  })

  it('keeps its claim from fire to fire; the other looks once a time, and takes over at once when it stops', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000)
    const runs = new Runs()
    const events: SchedulerEvent[] = []
    const a = scheduler(dir, clock, runs)
    const b = scheduler(dir, clock, runs, { events })
    const sched = every('* * * * *')
    a.s.start([sched])
    b.s.start([sched])
    const settle = () => Promise.all([a.settle(), b.settle()]).then(() => {})
    await clock.advanceTo(T0 + 10 * MIN, settle)
    assert.deepEqual(runs.times(sched.id), minutes(T0 + MIN, 10))
    const held = events.filter((e) => e.type === 'held').length
    assert.ok(held >= 10 && held <= 20, `b looked ${held} times in 10 minutes`)
    assert.equal(events.filter((e) => e.type === 'fired').length, 0)
    await a.s.stop() // its lease lives on: only the claims are let go
    await clock.advanceTo(T0 + 12 * MIN, settle)
    assert.deepEqual(runs.times(sched.id), minutes(T0 + MIN, 12))
    assert.equal(events.filter((e) => e.type === 'fired').length, 2)
    await b.s.stop()
  })

  it('keeps added schedules with owner and params in the folder; removing one stops it everywhere', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000)
    const runs = new Runs()
    const a = scheduler(dir, clock, runs)
    a.s.start([])
    const added = a.s.add({ slug: 'digest', cron: '*/5 * * * *', timezone: 'Europe/Berlin', params: { to: 'team' }, owner: 'ada@example.com' })
    assert.match(added.id, /^[0-9a-f]{16}$/)
    assert.throws(() => a.s.add({ slug: 'digest', cron: '*/5 * * *', owner: 'ada@example.com' }), /^Error: The schedule\.cron: Cron "\*\/5 \* \* \*" has 4 fields/)
    const b = scheduler(dir, clock, runs)
    b.s.start([])
    assert.deepEqual(b.s.list().map(({ nextRun, ...rest }) => [rest, nextRun?.toISOString()]), [[{ ...added }, iso(T0 + 5 * MIN)]])
    await Promise.all([clock.advanceTo(T0 + 5 * MIN, () => Promise.all([a.settle(), b.settle()]).then(() => {}))])
    assert.deepEqual(runs.times(added.id), [iso(T0 + 5 * MIN)])
    const run = [...runs.started.values()][0]
    assert.deepEqual([run.schedule.owner, run.schedule.params, run.schedule.slug], ['ada@example.com', { to: 'team' }, 'digest'])
    // B removes it; A learns it from the folder (its poll, or at the fire) and does not fire it.
    assert.equal(b.s.remove(added.id), true)
    assert.equal(b.s.remove(added.id), false)
    await clock.advanceTo(T0 + 20 * MIN, () => Promise.all([a.settle(), b.settle()]).then(() => {}))
    assert.deepEqual(runs.times(added.id), [iso(T0 + 5 * MIN)])
    assert.deepEqual(a.s.list(), [])
    // A held its claim (it fired it) and lets it go on finding the schedule gone: nothing of it is left.
    assert.ok(!existsSync(join(dir, 'schedules', 'claims', `sched-${added.id}`)))
    assert.ok(!existsSync(join(dir, 'schedules', 'state', `${added.id}.json`)))
    // A declared schedule is not removed from here: its action file says it.
    const declared = every('@hourly')
    a.s.setDeclared([declared])
    assert.equal(a.s.remove(declared.id), false)
    a.s.setDeclared([])
    assert.equal(a.s.nextRun(declared.id), undefined)
    await Promise.all([a.s.stop(), b.s.stop()])
  })

  it('reports a fire that throws as failed, once, and goes on', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000)
    const runs = new Runs()
    const fire = runs.fire
    runs.fire = async (s, at, id) => {
      if (at.getTime() === T0 + 2 * MIN) throw new Error('the action does not compile')
      await fire(s, at, id)
    }
    const events: SchedulerEvent[] = []
    const { s, settle } = scheduler(dir, clock, runs, { events })
    const sched = every('* * * * *')
    s.start([sched])
    await clock.advanceTo(T0 + 3 * MIN, settle)
    assert.deepEqual(runs.times(sched.id), [iso(T0 + MIN), iso(T0 + 3 * MIN)])
    assert.deepEqual(events.map((e) => (e.type === 'failed' ? e.error : e.type)), ['fired', 'the action does not compile', 'fired'])
    await s.stop()
  })

  it('hears another process add or remove a schedule at once, with no timer of its own while idle', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000) // never advanced: only the folder's watch can tell B
    const runs = new Runs()
    const a = scheduler(dir, clock, runs)
    const b = scheduler(dir, clock, runs)
    a.s.start([])
    b.s.start([])
    assert.equal(clock.pending, 0, 'nothing scheduled, nothing armed: an idle scheduler polls nothing')
    const added = a.s.add({ slug: 'digest', cron: '0 * * * *', owner: 'ada@example.com' })
    const until = async (ok: () => boolean): Promise<void> => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20))
      assert.ok(ok())
    }
    await until(() => b.s.list().some((x) => x.id === added.id))
    a.s.remove(added.id)
    await until(() => b.s.list().length === 0)
    await Promise.all([a.s.stop(), b.s.stop()])
  })

  it('arms one timer for ten thousand schedules', async () => {
    const dir = tmp()
    const clock = new FakeClock(T0 + 30_000)
    const runs = new Runs()
    const { s, settle } = scheduler(dir, clock, runs)
    const list = Array.from({ length: 10_000 }, (_, i) => every(`${i % 60} ${Math.floor(i / 60) % 24} * * *`, `action-${i}`))
    s.start(list)
    assert.equal(clock.pending, 1)
    assert.equal(s.nextRun(list[0].id)?.toISOString(), '2026-06-02T00:00:00.000Z')
    assert.equal(s.nextRun(list[61].id)?.toISOString(), '2026-06-02T01:01:00.000Z')
    await clock.advanceTo(T0 + 5 * MIN, settle)
    // 08:01 … 08:05: the list wraps every 1,440 schedules, so 7 schedules have each of those times.
    assert.equal(runs.calls.length, 35)
    assert.equal(clock.pending, 1)
    await s.stop()
    assert.equal(clock.pending, 0)
  })
})
