// serve's answer to a schedule's time on Restate (ScheduleHost.scheduled):
// the action as the folder has it now (its scheduleMode, a singleton's lock),
// and who the run is: the schedule's owner, or for a declared one the first
// admin (the server's own user while nobody is a person of it), as the
// embedded engine's schedules decide it (schedules/embedded.ts).
import type { User } from '../../core/protocol'
import type { RunnableEntry } from '../../core/runs/runnable'
import type { Schedule } from '../../core/schedules/spec'
import { personActor } from '../guard'
import type { Person } from '../people/store'
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

const peopleOf = (people: { list(): Person[] }): Person[] => {
  try {
    return people.list()
  } catch {
    return [] // an unreadable people file: nobody
  }
}

/** Whose run a schedule's is: its owner, or (declared) the first admin, or the server's own user while there are no people. */
export function scheduleOwner(s: Pick<Schedule, 'owner'>, people: { list(): Person[] }, serverUser: User): string {
  return s.owner ?? peopleOf(people).find((p) => p.role === 'admin')?.email ?? serverUser.email
}

export function scheduledRun(deps: ScheduledRunDeps): (s: Schedule) => Promise<ScheduledRun> {
  return async (s) => {
    await deps.found
    const entry = deps.find(s.slug)
    if (!entry || entry.state !== 'ready') return { error: `No action "${s.slug}" that loads in this folder.` }
    const list = peopleOf(deps.people)
    const owner = scheduleOwner(s, deps.people, deps.serverUser)
    let user: User
    if (!list.length && owner.toLowerCase() === deps.serverUser.email.toLowerCase()) user = deps.serverUser
    else {
      const p = list.find((x) => x.email.toLowerCase() === owner.toLowerCase())
      if (!p) return { error: `Its owner ${owner} is no longer a person of this server.` }
      user = personActor(p).user
    }
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
