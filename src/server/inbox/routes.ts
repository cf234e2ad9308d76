// serve's Inbox API (README "Teams"): a person's open queued actions, queuing
// one for a person or a team, opening one (its run starts with the id fixed
// when it was queued, as whoever opens it), and withdrawing it. Who may do
// what: the item is for them (assignee, team, or nobody in particular) and
// they may run its action; auditors run nothing; only the creator or an
// admin withdraws. While the server has no people, its own user sees all.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import type { User } from '../../core/protocol'
import { QUEUE_ID } from '../../core/queue/schema'
import { isFor, type QueuedAction, type QueueStore } from '../../core/queue/types'
import type { Catalog } from '../catalog'
import { readJson, SECURITY_HEADERS, sendJson } from '../guard'
import type { HostedRuns } from '../hosted'
import type { Logger } from '../log'
import { mayRun, type Actor } from '../people/access'
import type { PeopleStore } from '../people/store'
import { queueRefusal } from './check'

const SMALL = 64 * 1024

const queueBody = z.strictObject({
  slug: z.string().min(1).max(500),
  params: z.record(z.string(), z.unknown()).optional(),
  assignee: z.string().trim().min(1).max(320).optional(),
  team: z.string().trim().min(1).max(200).optional(),
  title: z.string().trim().min(1).max(500).optional(),
})

export interface InboxDeps {
  queue: QueueStore
  catalog: Catalog
  runs: HostedRuns
  people: PeopleStore
  /** The server's own user (the bootstrap token's). */
  serverUser: User
  log: Logger
}

export function inboxRoutes(deps: InboxDeps) {
  const { queue, catalog, runs, people, log } = deps
  const refusal = (slug: string, assignee?: string, team?: string): string | undefined =>
    queueRefusal({ slug, ...(assignee ? { assignee } : {}), ...(team ? { team } : {}) }, { find: (s) => catalog.find(s), people, serverUser: deps.serverUser })
  /** The server's own user before anyone was added: the one person there is, so everything queued is theirs. */
  const seesAll = (actor: Actor): boolean => !actor.session && people.list().length === 0
  const forThem = (actor: Actor, item: QueuedAction): boolean => seesAll(actor) || isFor(item, { email: actor.user.email, teams: actor.user.teams })
  // An item of an action they may not run is not theirs to see, whoever it names.
  const visible = (actor: Actor, item: QueuedAction): boolean => actor.role !== 'auditor' && forThem(actor, item) && mayRun(actor, catalog.find(item.slug))
  const forbidden = (res: ServerResponse, actor: Actor, what: string, why: string): true => {
    log.warn(`Refused: ${actor.user.email} (${actor.role}) may not ${what}`)
    sendJson(res, 403, { error: actor.role === 'auditor' ? 'Auditors read History; they do not run actions.' : why })
    return true
  }

  /** Handles `route` (under /api/) if it is an Inbox route; false if it is not one. */
  return async function handle(req: IncomingMessage, res: ServerResponse, method: string, route: string, actor: Actor, url?: URL): Promise<boolean> {
    const parts = route.split('/')
    if (method === 'GET' && route === 'inbox') {
      // ?created=me: what they queued that is still open (for whomever), so they can withdraw it.
      const created = url?.searchParams.get('created') === 'me'
      const me = actor.user.email.toLowerCase()
      const items =
        actor.role === 'auditor' ? []
        : created ? (await queue.open()).filter((i) => i.createdBy.toLowerCase() === me && mayRun(actor, catalog.find(i.slug)))
        : (await queue.open(seesAll(actor) ? undefined : { email: actor.user.email, teams: actor.user.teams })).filter((i) => visible(actor, i))
      sendJson(res, 200, { items })
      return true
    }
    if (parts[0] !== 'queue') return false

    // ?run=<id>: the open item a transaction not started yet belongs to (its page says whose Inbox it waits in).
    if (method === 'GET' && parts.length === 1) {
      const run = url?.searchParams.get('run') ?? ''
      const item = /^[a-z0-9-]{1,80}$/.test(run) ? await queue.byRun(run) : undefined
      if (!item || (item.state !== 'waiting' && item.state !== 'started')) return sendJson(res, 404, { error: `No queued action waits for run ${run}.` }), true
      const mine = item.createdBy.toLowerCase() === actor.user.email.toLowerCase()
      // Those who read all History may know where it waits; a member only what is for them or theirs.
      if (!visible(actor, item) && !mine && actor.role === 'member') return forbidden(res, actor, `see queued action ${item.id}`, 'This queued action is for someone else.')
      sendJson(res, 200, { item, forYou: visible(actor, item) })
      return true
    }

    if (method === 'POST' && parts.length === 1) {
      if (actor.role === 'auditor') return forbidden(res, actor, 'queue an action', '')
      const body = queueBody.safeParse(await readJson(req, SMALL))
      if (!body.success) {
        const i = body.error.issues[0]
        sendJson(res, 400, { error: `Expected { slug, params?, assignee?, team?, title? }: ${i?.path.length ? `${i.path.join('.')}: ` : ''}${i?.message}` })
        return true
      }
      const { slug, params, assignee, team, title } = body.data
      const entry = catalog.find(slug)
      if (entry && !mayRun(actor, entry)) return forbidden(res, actor, `queue ${slug}`, 'You may not queue this action: it is restricted to other teams, or to other roles.')
      const refused = refusal(slug, assignee, team)
      if (refused) {
        sendJson(res, 400, { error: refused })
        return true
      }
      const item = await queue.add({ slug, ...(params ? { params } : {}), ...(assignee ? { assignee } : {}), ...(team ? { team } : {}), ...(title ? { title } : {}), source: { kind: 'person' } }, actor.user.email)
      log.info(`${actor.user.email} queued ${slug} for ${item.assignee ?? (item.team ? `team ${item.team}` : 'anyone who may run it')} (${item.id})`)
      sendJson(res, 200, { item })
      return true
    }

    const id = parts[1]
    if (!id || !QUEUE_ID.test(id)) return false
    if (method === 'POST' && parts[2] === 'open' && parts.length === 3) {
      const item = await queue.get(id)
      if (!item) return sendJson(res, 404, { error: `No queued action ${id}.` }), true
      if (!visible(actor, item)) return forbidden(res, actor, `open ${id}`, 'This queued action is for someone else.')
      if (item.state === 'withdrawn' || item.state === 'done') return sendJson(res, 409, { error: item.state === 'withdrawn' ? 'It was withdrawn.' : 'It is done already: History has its run.' }), true
      const started = await queue.start(id, actor.user.email)
      if (!started) return sendJson(res, 409, { error: 'It was withdrawn or finished meanwhile.' }), true
      // A run with this id that exists already (opened before, a scheduled run waiting, a workflow's step) is shown, not started again.
      const run = await runs.start(item.slug, item.params, actor.user, { id: item.runId, trigger: { kind: 'queue', item: item.id } })
      sendJson(res, 200, { id: run.id })
      return true
    }
    if (method === 'DELETE' && parts.length === 2) {
      const item = await queue.get(id)
      if (!item) return sendJson(res, 404, { error: `No queued action ${id}.` }), true
      if (actor.role !== 'admin' && item.createdBy.toLowerCase() !== actor.user.email.toLowerCase()) return forbidden(res, actor, `withdraw ${id}`, 'Only who queued it, or an admin, withdraws it.')
      if (!(await queue.withdraw(id, actor.user.email))) return sendJson(res, 409, { error: 'It was opened already: its run is under way or done.' }), true
      log.info(`${actor.user.email} withdrew queued action ${id} (${item.slug})`)
      res.writeHead(204, SECURITY_HEADERS).end()
      return true
    }
    return false
  }
}
