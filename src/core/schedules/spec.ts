// What an action declares: `schedule` (a cron, an object with a time zone and
// params, or a list of them) and `scheduleMode` (what an io call that needs an
// answer does in a run nobody is at: fail the run, or queue it for the
// schedule's owner). Checked with zod into one readable line; each schedule
// gets an id that stays the same across restarts, so its state is found again.
import { createHash } from 'node:crypto'
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import { CronError, parseCron } from './cron'
import { TimeZone } from './timezone'

export type ScheduleMode = 'fail' | 'queue'

/** One entry of an action's `schedule`, as written. */
export type ScheduleEntry = string | { cron: string; timezone?: string; params?: Record<string, unknown>; notify?: ScheduleNotify; notifyTo?: string[] }

/** Whom a schedule tells when its run ends: on failure only, or always (the owner, unless `notifyTo`). */
export type ScheduleNotify = 'failure' | 'always'
export type ScheduleDeclaration = ScheduleEntry | ScheduleEntry[]

/** One schedule of an action, normalised. */
export interface ScheduleSpec {
  cron: string
  /** IANA name; UTC unless given. */
  timezone: string
  params: Record<string, unknown>
  /** Tell `notifyTo` (else the owner) when a run ends: on failure, or always. Not part of the id: changing it keeps the schedule's state. */
  notify?: ScheduleNotify
  /** Emails, team names or webhook URLs. */
  notifyTo?: string[]
}

/** A schedule the scheduler runs: from an action file, or added from the UI or a command. */
export interface Schedule extends ScheduleSpec {
  /** Stable: a hash of slug, cron, time zone and params (declared), or random (added). */
  id: string
  slug: string
  origin: 'action' | 'added'
  /** Whose run it is (`ctx.user`); an added schedule has one, a declared one gets the folder's default from the host. */
  owner?: string
}

// Built on first use (core/lazySchemas.ts).
export const { scheduleNotify, notifyTo, scheduleDeclaration, scheduleMode } = lazySchemas(() => {
  const cronText = z.string().superRefine((text, ctx) => {
    try {
      parseCron(text)
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof CronError ? e.message : String(e) })
    }
  })

  const timezone = z.string().superRefine((name, ctx) => {
    try {
      TimeZone.of(name)
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message })
    }
  })

  /** Strings, finite numbers, booleans, null, lists and plain objects: what survives being stored as JSON unchanged. */
  function isPlainJson(v: unknown): boolean {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return true
    if (typeof v === 'number') return Number.isFinite(v)
    if (Array.isArray(v)) return v.every(isPlainJson)
    if (typeof v !== 'object') return false
    const proto = Object.getPrototypeOf(v)
    return (proto === Object.prototype || proto === null) && Object.values(v).every(isPlainJson)
  }

  // Params are stored with the schedule and handed to each run: they must survive JSON.
  const params = z.record(z.string(), z.unknown()).refine(isPlainJson, 'params must be plain JSON values (strings, numbers, booleans, null, lists and objects)')

  const scheduleNotify = z.enum(['failure', 'always'], { error: 'must be "failure" or "always"' })
  const notifyTo = z.array(z.string().trim().min(1, 'an empty name').max(2000)).min(1, 'an empty list tells nobody: leave "notifyTo" out to tell the owner').max(50)

  const entry = z.union([cronText, z.strictObject({ cron: cronText, timezone: timezone.optional(), params: params.optional(), notify: scheduleNotify.optional(), notifyTo: notifyTo.optional() })], {
    error: 'a schedule is a cron string like "0 9 * * 1", or { cron, timezone?, params? }',
  })

  const scheduleDeclaration = z.union([entry, z.array(entry).min(1, 'an empty list schedules nothing: leave "schedule" out instead')])
  const scheduleMode = z.enum(['fail', 'queue'], { error: 'must be "fail" (the default) or "queue"' })
  return { scheduleNotify, notifyTo, scheduleDeclaration, scheduleMode }
})

/** The first problem of a zod result, as one line naming where it is. */
function oneLine(field: string, error: z.ZodError): string {
  // A union reports each branch; the branch that got furthest says the most.
  const issues = error.issues.flatMap((i) => (i.code === 'invalid_union' && i.errors.length ? i.errors.flat() : [i]))
  const best = issues.find((i) => i.code === 'custom') ?? issues.find((i) => i.path.length) ?? issues[0]
  const where = [field, ...best.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('').replace(/\.(\[)/g, '$1')
  return `The action's ${where}: ${best.message}`
}

/** Reads `schedule` and `scheduleMode` off an action; `schedules` is empty when it has none. */
export function readSchedules(action: { schedule?: unknown; scheduleMode?: unknown }): { ok: true; schedules: ScheduleSpec[]; mode: ScheduleMode } | { ok: false; error: string } {
  let mode: ScheduleMode = 'fail'
  if (action.scheduleMode !== undefined) {
    const m = scheduleMode.safeParse(action.scheduleMode)
    if (!m.success) return { ok: false, error: oneLine('"scheduleMode"', m.error) }
    mode = m.data
  }
  if (action.schedule === undefined) return { ok: true, schedules: [], mode }
  const s = scheduleDeclaration.safeParse(action.schedule)
  if (!s.success) return { ok: false, error: oneLine('"schedule"', s.error) }
  const list = Array.isArray(s.data) ? s.data : [s.data]
  const schedules = list.map((e): ScheduleSpec =>
    typeof e === 'string' ? { cron: e, timezone: 'UTC', params: {} } : { cron: e.cron, timezone: e.timezone ?? 'UTC', params: e.params ?? {}, ...(e.notify ? { notify: e.notify } : {}), ...(e.notifyTo ? { notifyTo: e.notifyTo } : {}) },
  )
  return { ok: true, schedules, mode }
}

/** JSON with object keys sorted, so equal params hash equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** A declared schedule's id: the same for the same action and schedule, whatever its place in the list. */
export function scheduleId(slug: string, spec: ScheduleSpec): string {
  const cron = spec.cron.trim().split(/\s+/).join(' ')
  return createHash('sha256').update(`${slug}\0${cron}\0${spec.timezone}\0${stableJson(spec.params)}`).digest('hex').slice(0, 16)
}

/** An action's declared schedules as the scheduler takes them (one per distinct entry). */
export function declaredSchedules(slug: string, specs: ScheduleSpec[]): Schedule[] {
  const byId = new Map<string, Schedule>()
  for (const spec of specs) {
    const id = scheduleId(slug, spec)
    if (!byId.has(id)) byId.set(id, { ...spec, id, slug, origin: 'action' })
  }
  return [...byId.values()]
}

/** What an unattended run's failure says of how it came to run (every shell: serve's engines and VS Code). */
export function whyScheduled(s: Pick<ScheduleSpec, 'cron' | 'timezone'>): string {
  return `it ran on its schedule "${s.cron.trim().split(/\s+/).join(' ')}"${s.timezone && s.timezone !== 'UTC' ? ` (${s.timezone})` : ''}`
}

/** Whether a scheduled run's end (a finished status) is told under its schedule's `notify`: every end, or only a failure. */
export function tellsEnd(notify: ScheduleNotify | undefined, status: string): boolean {
  return !!notify && !(notify === 'failure' && (status === 'completed' || status === 'canceled'))
}

/** What the notification of a scheduled run's end says (serve's engines alike): the status, and a failure's first line. */
export function endNotice(name: string, status: string, error?: { message?: string }): string {
  const what = status !== 'completed' && error?.message ? `${status}: ${error.message.split('\n', 1)[0]}` : status
  return `${name} ran on its schedule: ${what}`
}
