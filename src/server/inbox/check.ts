// Whether an item can be queued, the same for the Inbox's route, ctx.enqueue
// and a workflow's assigned step: its action is one of the folder's, and an
// assignee is a person of the server who may run it (else it would wait in
// nobody's Inbox).
import type { Access, User } from '../../core/protocol'
import type { QueueRequest } from '../../core/queue/types'
import { personActor } from '../guard'
import { mayRun } from '../people/access'
import type { Person } from '../people/store'

export interface QueueCheckDeps {
  find(slug: string): { name?: string; access?: Access; route?: { kind: string; hasHandler?: boolean } } | undefined
  people: { find(email: string): Person | undefined; list(): Person[] }
  /** The server's own user: the one person there is while people.json names nobody. */
  serverUser: User
}

/** Why `req` cannot be queued, as one line a person can act on; undefined when it can. */
export function queueRefusal(req: Pick<QueueRequest, 'slug' | 'assignee' | 'team'>, deps: QueueCheckDeps): string | undefined {
  const entry = deps.find(req.slug)
  if (!entry || (entry.route?.kind === 'page' && !entry.route.hasHandler)) return `No action "${req.slug}" in this folder.`
  if (req.assignee) {
    const email = req.assignee.trim().toLowerCase()
    if (!deps.people.list().length) return email === deps.serverUser.email.toLowerCase() ? undefined : `${email} is not a person of this server (it has no people yet: mini-interval users add).`
    const person = deps.people.find(email)
    if (!person) return `${email} is not a person of this server (users list shows who is).`
    if (!mayRun(personActor(person), entry)) return `${email} may not run ${entry.name ?? req.slug} (${person.role === 'auditor' ? 'auditors run nothing' : 'its access leaves them out'}).`
  }
  if (req.team !== undefined && !req.team.trim()) return 'A team needs a name.'
  return undefined
}
