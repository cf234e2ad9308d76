// The shapes an action file may default-export, normalised to one.
import { readSchedules, type ScheduleDeclaration, type ScheduleMode } from '../schedules/spec'
import type { ActionCtx } from './ctx'
import type { IO } from './io'

export type Handler = (io: IO, ctx: ActionCtx) => unknown

export interface ActionConfig {
  handler: Handler
  name?: string
  description?: string
  backgroundable?: boolean
  unlisted?: boolean
  warnOnClose?: boolean
  access?: unknown
  /** One running instance at a time: of the action (true), or one per key the function makes of the params. */
  singleton?: boolean | ((params: Record<string, unknown>) => unknown)
  /** Runs on a schedule: a cron ('0 9 * * 1'), { cron, timezone?, params? }, or a list of them. */
  schedule?: ScheduleDeclaration
  /** In a scheduled run, an io call that needs an answer fails the run ('fail', the default) or waits for the schedule's owner ('queue'). */
  scheduleMode?: ScheduleMode
}

/** Interval's `new Action({ handler, … })` or `new Action(handler)`; it carries the config's fields. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Action extends ActionConfig {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Action {
  constructor(config: ActionConfig | Handler) {
    Object.assign(this, typeof config === 'function' ? { handler: config } : config)
  }
}

export function defineAction(config: ActionConfig | Handler): Action {
  return new Action(config)
}

/** Reads a module's default export as an action, or explains why it is not one. */
export function normalizeAction(moduleExports: unknown): { ok: true; action: ActionConfig } | { ok: false; error: string } {
  const mod = moduleExports as { default?: unknown; __esModule?: boolean } | undefined
  // An ES module (compiled to CommonJS) exports under `default`; plain CommonJS may assign module.exports.
  const exported = mod && typeof mod === 'object' && (mod.__esModule || 'default' in mod) ? mod.default : mod
  const checked = checkAction(exported)
  if (checked.ok) return checked
  if (checked.error) return { ok: false, error: checked.error }
  const what = exported === undefined ? 'no default export' : `a default export of type ${typeof exported}`
  return {
    ok: false,
    error: `This file has ${what}. Export an action: \`export default defineAction({ handler: async (io, ctx) => … })\`, an object with a handler, or an async function.`,
  }
}

/**
 * One of Interval's action forms (a function, `new Action(…)`, an object with
 * a handler) as an ActionConfig; `error` names a bad field, and is absent when
 * the value is no action at all.
 */
export function checkAction(value: unknown): { ok: true; action: ActionConfig } | { ok: false; error?: string } {
  if (typeof value === 'function') return { ok: true, action: { handler: value as Handler } }
  if (!value || typeof value !== 'object' || typeof (value as ActionConfig).handler !== 'function') return { ok: false }
  const a = value as ActionConfig
  for (const key of ['name', 'description'] as const) {
    if (a[key] !== undefined && typeof a[key] !== 'string') return { ok: false, error: `The action's "${key}" must be a string.` }
  }
  for (const key of ['backgroundable', 'unlisted', 'warnOnClose'] as const) {
    if (a[key] !== undefined && typeof a[key] !== 'boolean') return { ok: false, error: `The action's "${key}" must be true or false.` }
  }
  if (a.singleton !== undefined && typeof a.singleton !== 'boolean' && typeof a.singleton !== 'function') {
    return { ok: false, error: 'The action\'s "singleton" must be true, false, or a function of the params returning a key.' }
  }
  if (a.schedule !== undefined || a.scheduleMode !== undefined) {
    const schedules = readSchedules(a)
    if (!schedules.ok) return { ok: false, error: schedules.error }
  }
  return { ok: true, action: a }
}
