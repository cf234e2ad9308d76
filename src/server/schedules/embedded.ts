// Schedules on serve's embedded engine: the core Scheduler over
// `<data>/schedules` (claims judged by serve's history leases), firing each
// scheduled time as a run started through the engine seam with the run id the
// scheduler fixes, as the schedule's owner and unattended. A run left waiting
// for a person (scheduleMode 'queue') goes to its owner's Inbox; a schedule's
// `notify` tells of each run's end.
import { declaredSchedules, endNotice, tellsEnd, whyScheduled, type Schedule } from '../../core/schedules/spec'
import { Scheduler, scheduledRunId, type Clock } from '../../core/schedules/scheduler'
import type { Leases } from '../../core/history/lease'
import type { RunnableEntry } from '../../core/runs/runnable'
import type { QueueStore } from '../../core/queue/types'
import { isFinished, type HostToWebview, type TxStatus, type User } from '../../core/protocol'
import type { Logger } from '../log'
import type { Notice } from '../notify/notifier'
import type { Person } from '../people/store'
import type { HostedSchedules, NewSchedule, ScheduleView } from './hosted'
import { ownerUser, scheduleOwner } from './owner'
import { ownerQueueRequest } from '../../core/queue/requests'

/** The options a scheduled run is started with (serve's engine seam, StartOptions). */
export interface ScheduledStart {
  id: string
  trigger: { kind: 'schedule'; schedule: string; scheduledFor: string }
  unattended: { mode: 'fail' | 'queue'; why: string }
}

export interface EmbeddedSchedulesDeps {
  /** `<data>/schedules`. */
  dir: string
  leases: Leases
  /** serve's host lease id. */
  owner: string
  clock?: Clock
  retryMs?: number
  pollMs?: number
  find(slug: string): RunnableEntry | undefined
  people: { list(): Person[] }
  /** The server's own user: a schedule's owner while nobody is a person of the server. */
  serverUser: User
  /** Whether History has run `id` already (a fire after a crash finds it). */
  has(id: string): boolean
  /** A run's status, live or from History. */
  status(id: string): string | undefined
  start(slug: string, params: Record<string, unknown>, user: User, opts: ScheduledStart): Promise<{ id: string }>
  /** The engine's "a transaction changed status" (a scheduled run's end is told). */
  onRunChange(f: (id: string, status: TxStatus) => void): () => void
  /** A finished run as History shows it (its error). */
  detail(id: string): Promise<HostToWebview | undefined>
  /** The queue store, once there is one: a queue-mode run waiting for its owner goes there. */
  queue?(): QueueStore | undefined
  notify(n: Notice): void
  log: Logger
}

const RUN = /^sched-([a-z0-9]+)-\d{12}$/

/** The schedule a scheduled run belongs to, from its id (scheduledRunId). */
export const scheduleOfRun = (id: string): string | undefined => RUN.exec(id)?.[1]


/** The folder's declared schedules, from the catalog's entries. */
export function declaredOf(entries: RunnableEntry[]): Schedule[] {
  return entries.flatMap((e) => (e.schedules?.length && e.state !== 'broken' ? declaredSchedules(e.slug, e.schedules) : []))
}

export interface EmbeddedSchedules extends HostedSchedules {
  readonly scheduler: Scheduler
  /** Arms the timer: call once the actions are found (no run starts before). */
  start(): void
  /** A queue-mode scheduled run waits at a prompt: its owner gets it in their Inbox. */
  needsPerson(run: { id: string; slug: string; params: Record<string, unknown>; user: User }, prompt: { seq: number; label: string }): Promise<void>
  /** Resolves when no fire is under way (tests). */
  settled(): Promise<void>
}

export function embeddedSchedules(deps: EmbeddedSchedulesDeps): EmbeddedSchedules {
  const listeners = new Set<() => void>()
  const changed = (): void => {
    for (const f of listeners) {
      try {
        f()
      } catch {
        // a listener's fault is not the scheduler's
      }
    }
  }
  let declared: Schedule[] = []
  let declaredKey = '[]'
  let started = false
  const ownerOf = (s: Schedule): string => scheduleOwner(s, deps.people, deps.serverUser)
  /** Who the run is (ctx.user): the owner as a person of the server. */
  const userOf = (email: string): User => {
    const user = ownerUser(email, deps.people, deps.serverUser)
    if (!user) throw new Error(`its owner ${email} is no longer a person of this server`)
    return user
  }

  const scheduler = new Scheduler({
    dir: deps.dir, leases: deps.leases, owner: deps.owner,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.retryMs ? { retryMs: deps.retryMs } : {}),
    ...(deps.pollMs ? { pollMs: deps.pollMs } : {}),
    async fire(schedule, scheduledFor, runId) {
      if (deps.has(runId)) return
      const entry = deps.find(schedule.slug)
      if (!entry) throw new Error(`no action "${schedule.slug}" in this folder`)
      const user = userOf(ownerOf(schedule))
      await deps.start(schedule.slug, schedule.params, user, {
        id: runId,
        trigger: { kind: 'schedule', schedule: schedule.id, scheduledFor: scheduledFor.toISOString() },
        unattended: { mode: entry.scheduleMode ?? 'fail', why: whyScheduled(schedule) },
      })
    },
    onEvent(e) {
      if (e.type === 'failed') deps.log.warn(`Schedule ${e.schedule.slug} "${e.schedule.cron}" did not start its run for ${e.scheduledFor.toISOString()}: ${e.error}`)
      else if (e.type === 'error') deps.log.warn(`Schedule${e.schedule ? ` ${e.schedule.slug} "${e.schedule.cron}"` : 's'}: ${e.error}`)
      else if (e.type === 'skipped') deps.log.info(`Schedule ${e.schedule.slug} "${e.schedule.cron}": times after ${e.after.toISOString()} and before ${e.before.toISOString()} were missed while serve was down; only the latest ran`)
      if (e.type === 'fired' || e.type === 'failed' || e.type === 'skipped') changed()
    },
  })

  const byId = (id: string): Schedule | undefined => scheduler.list().find((s) => s.id === id)

  const view = (s: Schedule & { nextRun?: Date }): ScheduleView => {
    const st = scheduler.state(s.id)
    const last = st?.lastFiredFor ? { scheduledFor: st.lastFiredFor, runId: scheduledRunId(s.id, new Date(st.lastFiredFor)) } : undefined
    const status = last && deps.status(last.runId)
    return {
      id: s.id, slug: s.slug, actionName: deps.find(s.slug)?.name ?? s.slug, cron: s.cron, timezone: s.timezone, params: s.params, origin: s.origin,
      owner: ownerOf(s),
      ...(s.nextRun ? { next: s.nextRun.toISOString() } : {}),
      ...(last ? { last: { ...last, ...(status ? { status } : {}) } } : {}),
      ...(s.notify ? { notify: s.notify } : {}),
      ...(s.notifyTo ? { notifyTo: s.notifyTo } : {}),
    }
  }

  // A scheduled run's end: the schedule's notify, and the page's "last run".
  const told = new Set<string>()
  const stopRuns = deps.onRunChange((id, status) => {
    const sid = scheduleOfRun(id)
    if (!sid) return
    changed()
    if (!isFinished(status) || told.has(id)) return
    told.add(id)
    if (told.size > 1000) told.delete(told.values().next().value!)
    const s = byId(sid)
    if (!s || !tellsEnd(s.notify, status)) return
    void tellEnd(s, id, status).catch((e: Error) => deps.log.warn(`Schedule ${s.slug}: its notification failed: ${e.message}`))
  })

  async function tellEnd(s: Schedule, id: string, status: TxStatus): Promise<void> {
    const name = deps.find(s.slug)?.name ?? s.slug
    const d = status === 'completed' ? undefined : await deps.detail(id)
    const message = endNotice(name, status, d?.type === 'history' ? d.entry.error : undefined)
    deps.notify({ message, title: name, tx: id, slug: s.slug, ...(s.notifyTo ? { to: s.notifyTo } : {}), user: ownerOf(s) })
  }

  return {
    scheduler,
    start() {
      if (started) return
      started = true
      scheduler.start(declared)
    },
    async list() {
      return scheduler.list().map(view)
    },
    async add(spec: NewSchedule, owner: string) {
      const s = scheduler.add({ ...spec, owner })
      changed()
      return view({ ...s, ...(scheduler.nextRun(s.id) ? { nextRun: scheduler.nextRun(s.id) } : {}) })
    },
    async remove(id) {
      const s = byId(id)
      if (s?.origin === 'action') return 'declared'
      const removed = scheduler.remove(id)
      if (removed) changed()
      return removed ? 'removed' : 'unknown'
    },
    setDeclared(list) {
      // Called on every change of the action files: only a change of the schedules themselves is news.
      const key = JSON.stringify(list)
      if (key === declaredKey) return
      declaredKey = key
      declared = list
      if (started) scheduler.setDeclared(list)
      changed()
    },
    onChange(f) {
      listeners.add(f)
      return () => listeners.delete(f)
    },
    close() {
      stopRuns()
      listeners.clear()
      void scheduler.stop()
    },
    async needsPerson(run, prompt) {
      const sid = scheduleOfRun(run.id)
      const queue = deps.queue?.()
      if (!sid || !queue) {
        if (sid) deps.log.warn(`Transaction ${run.id} waits at "${prompt.label}" for its owner, but this server has no Inbox to queue it in`)
        return
      }
      const name = deps.find(run.slug)?.name ?? run.slug
      await queue.add(ownerQueueRequest(run, sid, name, prompt.label, run.user.email), run.user.email)
    },
    settled: () => scheduler.settled(),
  }
}
