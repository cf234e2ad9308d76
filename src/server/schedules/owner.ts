// Whose run a schedule's is, as both engines decide it (embedded.ts, and
// Restate's restate/scheduledRun.ts and its list): its owner, or for a declared
// one the first admin, or the server's own user while nobody is a person of it.
import type { User } from '../../core/protocol'
import type { Schedule } from '../../core/schedules/spec'
import { personActor } from '../guard'
import type { Person } from '../people/store'

/** The server's people; nobody when the people file cannot be read. */
export function peopleOf(people: { list(): Person[] }): Person[] {
  try {
    return people.list()
  } catch {
    return []
  }
}

/** Whose run a schedule's is (an email): its owner, or (declared) the first admin, or the server's own user while there are no people. */
export function scheduleOwner(s: Pick<Schedule, 'owner'>, people: { list(): Person[] }, serverUser: User): string {
  return s.owner ?? peopleOf(people).find((p) => p.role === 'admin')?.email ?? serverUser.email
}

/** Who the run is (ctx.user): the owner as a person of the server (the server's own user while there are none); undefined once they are no longer one. */
export function ownerUser(email: string, people: { list(): Person[] }, serverUser: User): User | undefined {
  const list = peopleOf(people)
  if (!list.length && email.toLowerCase() === serverUser.email.toLowerCase()) return serverUser
  const p = list.find((x) => x.email.toLowerCase() === email.toLowerCase())
  return p ? personActor(p).user : undefined
}
