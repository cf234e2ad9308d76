// serve's answer to a schedule's time on Restate (ScheduleHost.scheduled):
// the action as the folder has it now (its scheduleMode, a singleton's lock),
// and who the run is: the schedule's owner, or for a declared one the first
// admin (the server's own user while nobody is a person of it), by the rule
// the embedded engine's schedules share (schedules/owner.ts).
import type { User } from '../../core/protocol'
import type { RunnableEntry } from '../../core/runs/runnable'
import type { Schedule } from '../../core/schedules/spec'
import type { Person } from '../people/store'
import { ownerUser, scheduleOwner } from '../schedules/owner'
import type { ScheduledRun } from './schedules'

export interface ScheduledRunDeps {
  /** Resolves once the folder's actions are found (a tick may come as soon as the endpoint is registered). */
  found: Promise<void>
  find(slug: string): RunnableEntry | undefined
  people: { list(): Person[] }
  serverUser: User
  /** A singleton action's key for these params (its `singleton` function, run in a worker). */
  singletonKey(entry: RunnableEntry, params: Record<string, unknown>): Promise<string>
}

export function scheduledRun(deps: ScheduledRunDeps): (s: Schedule) => Promise<ScheduledRun> {
  return async (s) => {
    await deps.found
    const entry = deps.find(s.slug)
    if (!entry || entry.state !== 'ready') return { error: `No action "${s.slug}" that loads in this folder.` }
    const owner = scheduleOwner(s, deps.people, deps.serverUser)
    const user = ownerUser(owner, deps.people, deps.serverUser)
    if (!user) return { error: `Its owner ${owner} is no longer a person of this server.` }
    // One writer per key, as a person's start takes it (restateRuns.ts). A key function that throws skips this
    // time with its reason, rather than have Restate retry the tick (and hold the schedule) for ever.
    let lock: string | undefined
    try {
      lock = entry.singleton ? (entry.singleton === 'key' ? `${entry.slug}:${await deps.singletonKey(entry, s.params)}` : entry.slug) : undefined
    } catch (e) {
      return { error: `Its singleton key could not be computed: ${(e as Error).message.split('\n', 1)[0]}` }
    }
    return { user, mode: entry.scheduleMode ?? 'fail', ...(lock ? { lock } : {}) }
  }
}
