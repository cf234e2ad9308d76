// Schedules on Restate. Each schedule is a virtual object (key: its id) that
// holds its spec and the time it is armed for, and re-arms itself with a
// delayed call to its own `tick`:
//   - `arm(spec)` computes the next time (core cron and time zones, from
//     Restate's ctx.date.now()) and sends itself `tick(version, scheduledFor)`
//     with that delay. The same timing armed already changes nothing; a changed
//     one re-arms under a new version, and the stale delayed tick is ignored.
//   - `tick` starts the run as the workflow `sched-<id>-<minute>`
//     (scheduledRunId): a Restate workflow id runs once, so however many serves
//     are up, and however often a tick is retried, each scheduled time runs once.
//     A late tick (Restate or every endpoint was down) runs the most recent
//     time missed, once, and arms the next one from now: never a burst.
// One registry object (key `all`) lists every schedule, declared in action
// files (every serve's catalog calls setDeclared) or added from the UI, so any
// serve lists them (RestateSchedules, serve's HostedSchedules on Restate).
import { randomBytes } from 'node:crypto'
import * as restate from '@restatedev/restate-sdk'
import type { User } from '../../core/protocol'
import { Cron } from '../../core/schedules/cron'
import { scheduledRunId } from '../../core/schedules/scheduler'
import { readSchedules, whyScheduled, type Schedule, type ScheduleMode } from '../../core/schedules/spec'
import type { HostedSchedules, NewSchedule, ScheduleView } from '../schedules/hosted'
import type { Logger } from '../log'
import { query } from './admin'
import { announceChange, watchChanges } from './changes'
import { post } from './client'
import { SCHEDULE_OBJECT, SCHEDULES_OBJECT, SINGLETON_OBJECT, TX_WORKFLOW } from './names'
import type { Holder } from './singleton'
import type { StartInput } from './session'

const json = restate.serde.json
const REGISTRY = 'all'
const TOPIC = 'schedules'

/** What a schedule's run needs from the serve whose endpoint fires it: resolved at each time, so it follows the action file and the people. */
export type ScheduledRun = { user: User; mode: ScheduleMode; lock?: string } | { error: string }

export interface ScheduleHost {
  /** Who the run is (its owner, or the folder's default for a declared schedule), its scheduleMode, a singleton's lock; or why it cannot run. */
  scheduled?(s: Schedule): Promise<ScheduledRun>
  /** A scheduled run was started from this process (serve follows it for its lists). */
  onScheduled?(runId: string, s: Schedule): void
}

/** Where a schedule is armed: the version its pending tick carries, and its time (ISO). */
interface Armed {
  version: string
  at: string
}

/** The last time it came: the run it started, or why none ran. */
export interface LastRun {
  scheduledFor: string
  runId: string
  error?: string
}

const iso = (t: number) => new Date(t).toISOString()
const timing = (s: Schedule) => `${s.cron.trim().split(/\s+/).join(' ')}\0${s.timezone}`

// Ticks must not pause: a paused exclusive call would hold the schedule's object (every later tick queues behind it).
const RETRY = { initialInterval: 200, maxInterval: 10_000, exponentiationFactor: 2, maxAttempts: 1_000_000 }

export function scheduleObject(host: ScheduleHost) {
  return restate.object({
    name: SCHEDULE_OBJECT,
    options: { retryPolicy: RETRY },
    handlers: {
      /** Arms the schedule for its next time (idempotent: the same timing armed already changes nothing but the spec). */
      arm: async (ctx: restate.ObjectContext, s: Schedule): Promise<void> => {
        if (!s || typeof s.cron !== 'string' || typeof s.timezone !== 'string' || typeof s.slug !== 'string') throw new restate.TerminalError('arm takes a schedule.')
        let cron: Cron
        try {
          cron = new Cron(s.cron)
          cron.next(0, s.timezone)
        } catch (e) {
          throw new restate.TerminalError((e as Error).message)
        }
        const [spec, armed] = [await ctx.get<Schedule>('spec'), await ctx.get<Armed>('armed')]
        // Owner, params or notify may change under the same timing: the tick reads them when it comes.
        ctx.set('spec', s)
        if (spec && armed && timing(spec) === timing(s)) return
        const now = await ctx.date.now()
        const at = cron.next(now, s.timezone).getTime()
        const version = ctx.rand.uuidv4()
        ctx.set('armed', { version, at: iso(at) })
        ctx.genericSend({ service: SCHEDULE_OBJECT, method: 'tick', key: ctx.key, parameter: { version, scheduledFor: iso(at) }, inputSerde: json, delay: Math.max(0, at - now) })
      },

      /** Forgets the schedule: its pending tick finds no armed version and does nothing. */
      disarm: async (ctx: restate.ObjectContext): Promise<void> => {
        ctx.clear('spec')
        ctx.clear('armed')
        ctx.clear('last')
      },

      /** Its time came: starts the run (once per scheduled time) and arms the next. */
      tick: async (ctx: restate.ObjectContext, input: { version: string; scheduledFor: string }): Promise<void> => {
        const armed = await ctx.get<Armed>('armed')
        const s = await ctx.get<Schedule>('spec')
        if (!armed || !s || armed.version !== input?.version) return // disarmed, or re-armed since it was sent
        const cron = new Cron(s.cron)
        const now = await ctx.date.now()
        let due = Date.parse(input.scheduledFor)
        // Late (nothing could run it at its time): the most recent time missed runs, once; the ones between are skipped.
        if (now > due) due = cron.latest(due, now, s.timezone)?.getTime() ?? due
        const scheduledFor = iso(due)
        const runId = scheduledRunId(ctx.key, new Date(due))
        const last: LastRun = { scheduledFor, runId }
        const how = await ctx.run('scheduled', async (): Promise<ScheduledRun> => (host.scheduled ? host.scheduled(s) : { error: 'This endpoint runs no schedules.' }))
        if ('error' in how) last.error = how.error
        else {
          if (how.lock) {
            const got = await ctx.genericCall<{ tx: string; user: string }, { ok: true } | { heldBy: Holder }>({
              service: SINGLETON_OBJECT, method: 'acquire', key: how.lock, parameter: { tx: runId, user: how.user.email }, inputSerde: json, outputSerde: json,
            })
            if ('heldBy' in got) last.error = `It runs one at a time, and was still running (transaction ${got.heldBy.tx}): this time was skipped.`
          }
          if (!last.error) {
            const start: StartInput = {
              slug: s.slug, params: s.params, user: how.user,
              trigger: { kind: 'schedule', schedule: ctx.key, scheduledFor },
              unattended: { mode: how.mode, why: whyScheduled(s) },
              ...(how.lock ? { lock: how.lock } : {}),
              ...(s.notify ? { notify: { on: s.notify, ...(s.notifyTo ? { to: s.notifyTo } : {}) } } : {}),
            }
            // A workflow id runs once: a second start of this time (another serve, a retried tick) starts nothing.
            ctx.genericSend({ service: TX_WORKFLOW, method: 'run', key: runId, parameter: start, inputSerde: json })
          }
        }
        ctx.set('last', last)
        const from = await ctx.date.now()
        const next = cron.next(Math.max(from, due), s.timezone).getTime()
        ctx.set('armed', { version: armed.version, at: iso(next) })
        ctx.genericSend({ service: SCHEDULE_OBJECT, method: 'tick', key: ctx.key, parameter: { version: armed.version, scheduledFor: iso(next) }, inputSerde: json, delay: Math.max(0, next - from) })
        if (!last.error) host.onScheduled?.(runId, s)
      },

      /** Where it stands: armed for when, and its last time. */
      status: restate.handlers.object.shared(async (ctx: restate.ObjectSharedContext): Promise<{ armed: Armed | null; last: LastRun | null }> => ({
        armed: (await ctx.get<Armed>('armed')) ?? null,
        last: (await ctx.get<LastRun>('last')) ?? null,
      })),
    },
  })
}

type Items = Record<string, Schedule>

async function bump(ctx: restate.ObjectContext, items: Items): Promise<void> {
  ctx.set('items', items)
  const version = (await ctx.get<number>('version')) ?? 0
  ctx.set('version', version + 1)
  announceChange(ctx, TOPIC, version)
}

const arm = (ctx: restate.ObjectContext, s: Schedule) => ctx.genericSend({ service: SCHEDULE_OBJECT, method: 'arm', key: s.id, parameter: s, inputSerde: json })
const disarm = (ctx: restate.ObjectContext, id: string) => ctx.genericSend({ service: SCHEDULE_OBJECT, method: 'disarm', key: id, parameter: null, inputSerde: json })

export const schedulesObject = restate.object({
  name: SCHEDULES_OBJECT,
  handlers: {
    /** The schedules declared in action files now: new or changed ones are armed, those no longer declared disarmed. */
    setDeclared: async (ctx: restate.ObjectContext, list: Schedule[]): Promise<void> => {
      if (!Array.isArray(list)) throw new restate.TerminalError('setDeclared takes a list of schedules.')
      const items = (await ctx.get<Items>('items')) ?? {}
      const ids = new Set(list.map((s) => s.id))
      let changed = false
      for (const [id, s] of Object.entries(items)) {
        if (s.origin !== 'action' || ids.has(id)) continue
        delete items[id]
        disarm(ctx, id)
        changed = true
      }
      for (const s of list) {
        const declared: Schedule = { ...s, origin: 'action' }
        if (items[s.id] && JSON.stringify(items[s.id]) === JSON.stringify(declared)) continue
        if (items[s.id]?.origin === 'added') continue // an id is a hash of the spec or random: never both
        items[s.id] = declared
        arm(ctx, declared)
        changed = true
      }
      if (changed) await bump(ctx, items)
    },
    add: async (ctx: restate.ObjectContext, s: Schedule): Promise<void> => {
      if (!s || typeof s.id !== 'string' || s.origin !== 'added') throw new restate.TerminalError('add takes an added schedule.')
      const items = (await ctx.get<Items>('items')) ?? {}
      if (items[s.id]) return
      items[s.id] = s
      arm(ctx, s)
      await bump(ctx, items)
    },
    remove: async (ctx: restate.ObjectContext, id: string): Promise<'removed' | 'declared' | 'unknown'> => {
      const items = (await ctx.get<Items>('items')) ?? {}
      const s = typeof id === 'string' ? items[id] : undefined
      if (!s) return 'unknown'
      if (s.origin !== 'added') return 'declared'
      delete items[id]
      disarm(ctx, id)
      await bump(ctx, items)
      return 'removed'
    },
    list: restate.handlers.object.shared(async (ctx: restate.ObjectSharedContext): Promise<{ items: Schedule[]; version: number }> => ({
      items: Object.values((await ctx.get<Items>('items')) ?? {}),
      version: (await ctx.get<number>('version')) ?? 0,
    })),
    version: restate.handlers.object.shared(async (ctx: restate.ObjectSharedContext): Promise<number> => (await ctx.get<number>('version')) ?? 0),
  },
})

export interface RestateSchedulesDeps {
  ingress: string
  admin: string
  /** The action's name for a slug (the catalog's), if it is there. */
  nameOf(slug: string): string | undefined
  /** Whose runs a schedule's are (a declared one has no owner of its own); default: its owner. */
  ownerOf?(s: Schedule): string | undefined
  log: Logger
}

const ID = /^[a-z0-9-]{1,200}$/
const inList = (keys: string[]) => keys.filter((k) => ID.test(k)).map((k) => `'${k}'`).join(', ')

/** serve's HostedSchedules on Restate: the registry and schedule objects above, through Restate's ingress and its SQL API. */
export class RestateSchedules implements HostedSchedules {
  private readonly listeners = new Set<() => void>()
  private stopWatching?: () => void
  private declaring: Promise<void> = Promise.resolve()
  private declaredKey?: string
  private readonly who = randomBytes(6).toString('hex')

  constructor(private readonly deps: RestateSchedulesDeps) {}

  private call<T>(handler: string, body: unknown): Promise<T> {
    return post<T>(`${this.deps.ingress.replace(/\/$/, '')}/${SCHEDULES_OBJECT}/${REGISTRY}/${handler}`, body, 30_000)
  }

  async list(): Promise<ScheduleView[]> {
    const { items } = await this.call<{ items: Schedule[] }>('list', null)
    if (!items.length) return []
    // Each schedule's armed time and last run, and those runs' status: two SQL queries, not a call per schedule.
    const rows = await query<{ service_key: string; key: string; value_utf8: string }>(
      this.deps.admin,
      `SELECT service_key, key, value_utf8 FROM state WHERE service_name = '${SCHEDULE_OBJECT}' AND key IN ('armed', 'last') AND service_key IN (${inList(items.map((s) => s.id))})`,
    )
    const armed = new Map<string, Armed>()
    const last = new Map<string, LastRun>()
    for (const r of rows) {
      try {
        if (r.key === 'armed') armed.set(r.service_key, JSON.parse(r.value_utf8) as Armed)
        else last.set(r.service_key, JSON.parse(r.value_utf8) as LastRun)
      } catch {
        // a value this version did not write
      }
    }
    const runs = [...last.values()].map((l) => l.runId)
    const status = new Map<string, string>()
    if (runs.length) {
      const views = await query<{ service_key: string; value_utf8: string }>(
        this.deps.admin,
        `SELECT service_key, value_utf8 FROM state WHERE service_name = '${TX_WORKFLOW}' AND key = 'view' AND service_key IN (${inList(runs)})`,
      )
      for (const v of views) {
        try {
          status.set(v.service_key, (JSON.parse(v.value_utf8) as { status: string }).status)
        } catch {
          // as above
        }
      }
    }
    return items.map((s) => {
      const l = last.get(s.id)
      const st = l ? (l.error ? 'skipped' : status.get(l.runId) ?? 'running') : undefined
      return this.view(s, armed.get(s.id)?.at, l && { scheduledFor: l.scheduledFor, runId: l.runId, ...(st ? { status: st } : {}) })
    })
  }

  private view(s: Schedule, next: string | undefined, last: ScheduleView['last'] | undefined): ScheduleView {
    const owner = this.deps.ownerOf?.(s) ?? s.owner
    return {
      id: s.id, slug: s.slug, actionName: this.deps.nameOf(s.slug) ?? s.slug, cron: s.cron, timezone: s.timezone, params: s.params, origin: s.origin,
      ...(owner ? { owner } : {}), ...(next ? { next } : {}), ...(last ? { last } : {}),
      ...(s.notify ? { notify: s.notify } : {}), ...(s.notifyTo ? { notifyTo: s.notifyTo } : {}),
    }
  }

  async add(spec: NewSchedule, owner: string): Promise<ScheduleView> {
    const checked = readSchedules({ schedule: { cron: spec.cron, timezone: spec.timezone, params: spec.params, ...(spec.notify ? { notify: spec.notify } : {}), ...(spec.notifyTo ? { notifyTo: spec.notifyTo } : {}) } })
    if (!checked.ok) throw new Error(checked.error.replace(/^The action's "schedule"/, 'The schedule'))
    const s: Schedule = { ...checked.schedules[0], id: randomBytes(8).toString('hex'), slug: spec.slug, origin: 'added', owner }
    await this.call('add', s)
    this.emit()
    // Armed by a call Restate delivers next: its next time as the object will compute it.
    return this.view(s, new Cron(s.cron).next(Date.now(), s.timezone).toISOString(), undefined)
  }

  async remove(id: string): Promise<'removed' | 'declared' | 'unknown'> {
    const r = await this.call<'removed' | 'declared' | 'unknown'>('remove', id)
    if (r === 'removed') this.emit()
    return r
  }

  /** In order, the last one winning; a failure is logged (the catalog calls it again at its next change, and at the next start). */
  setDeclared(list: Schedule[]): void {
    // Called at every change of the action files: only a change of the schedules themselves goes to Restate.
    const key = JSON.stringify(list)
    if (key === this.declaredKey) return
    this.declaredKey = key
    this.declaring = this.declaring
      .then(() => this.call('setDeclared', list))
      .then(() => this.emit())
      .catch((e: Error) => {
        this.deps.log.warn(`Schedules: Restate did not take the declared schedules (trying again in 10 s): ${e.message}`)
        // Again, unless a newer list came meanwhile (it goes instead).
        setTimeout(() => {
          if (this.declaredKey !== key || this.closed) return
          this.declaredKey = undefined
          this.setDeclared(list)
        }, 10_000).unref()
      })
  }

  /** Resolves once the declared schedules given so far reached Restate (tests). */
  declared(): Promise<void> {
    return this.declaring
  }

  /** A run this serve's endpoint started: its last run changed. */
  fired(): void {
    this.emit()
  }

  onChange(f: () => void): () => void {
    this.listeners.add(f)
    this.stopWatching ??= watchChanges(this.deps.ingress, TOPIC, () => this.call<number>('version', null), () => this.emit(), this.who)
    return () => {
      this.listeners.delete(f)
      if (!this.listeners.size) this.close()
    }
  }

  close(): void {
    this.closed = true
    this.stopWatching?.()
    this.stopWatching = undefined
  }

  private closed = false

  private emit(): void {
    for (const f of [...this.listeners]) f()
  }
}
