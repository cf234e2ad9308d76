// Who may do what on `serve`, as in Interval: admins everything and people;
// developers run everything and see full errors; members run what an action's
// `access` allows and see a failure's message only; auditors read all History
// and run nothing. Pure: the routes (app.ts) ask these before the engine.
import type { Access, HostToWebview, User } from '../../core/protocol'
import { displayName } from '../../core/history/store'
import type { Role } from './store'

/** Who sent a request: a signed-in person, or the holder of the bootstrap token (an admin until there is one). */
export interface Actor {
  user: User & { role: Role; teams: string[] }
  role: Role
  /** The hash of the session it came with (none for the bootstrap token). */
  session?: string
}

export function mayRun(actor: Actor, entry: { access?: Access } | undefined): boolean {
  if (actor.role === 'auditor') return false
  if (actor.role === 'admin' || actor.role === 'developer') return true
  const access = entry?.access
  if (!access || access === 'entire-organization') return true
  return access.teams.some((t) => actor.user.teams.includes(t))
}

/** A run is readable by those who may run its action, by who started it, and by admins, developers and auditors. */
export function mayRead(actor: Actor, run: { slug: string; email?: string }, find: (slug: string) => { access?: Access } | undefined): boolean {
  if (actor.role !== 'member') return true
  if (run.email && run.email.toLowerCase() === actor.user.email.toLowerCase()) return true
  const entry = find(run.slug)
  return !!entry && mayRun(actor, entry)
}

export const managesPeople = (actor: Actor): boolean => actor.role === 'admin'

/** How a person is named in the audit trail: name and email, or the email alone. */
export function actorLabel(user: User): string {
  const name = displayName(user)
  return name === user.email ? user.email : `${name} <${user.email}>`
}

/** Members see a failure's message, not its stack: every error object loses its `stack`. */
export function withoutStacks(m: HostToWebview): HostToWebview {
  return strip(m) as HostToWebview
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip)
  if (!v || typeof v !== 'object') return v
  const o = v as Record<string, unknown>
  const isError = typeof o.message === 'string' && typeof o.name === 'string' && 'stack' in o
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(o)) if (!(isError && k === 'stack')) out[k] = strip(x)
  return out
}
