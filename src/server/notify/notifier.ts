// ctx.notify and a schedule's "it ran" on serve: who a notification is for
// (`to`: emails, team names, webhook URLs; absent, the run's own user), pushed
// as a `notify` event to exactly those people's list streams (app.ts holds
// them) and POSTed to serve's --webhook and the URLs it names.
import { randomBytes } from 'node:crypto'
import type { Logger } from '../log'
import { isWebhook, webhookBody, Webhooks } from './webhook'

export interface Notice {
  message: string
  title?: string
  /** Emails, team names or webhook URLs; absent: `user`. */
  to?: string | string[]
  /** The transaction that sent it (its page is linked), and its action. */
  tx?: string
  slug?: string
  /** Email of the run's user: who an un-addressed notice is for. */
  user?: string
}

/** What a person's list stream gets (core/remote/schemas.ts). */
export interface NotifyEvent {
  type: 'notify'
  id: string
  message: string
  title?: string
  at: string
  tx?: string
}

export interface NotifierDeps {
  /** The people of the server: a team name reaches its members. */
  people: { list(): { email: string; teams: string[] }[] }
  /** serve's --webhook: every notification goes there too. */
  webhook?: string
  log: Logger
  timeoutMs?: number
}

export class Notifier {
  /** serve's address, once it listens: webhooks link to the run's page. */
  baseUrl?: string
  private readonly listeners = new Map<string, Set<(e: NotifyEvent) => void>>()
  private readonly hooks: Webhooks

  constructor(private readonly deps: NotifierDeps) {
    this.hooks = new Webhooks(deps.log, deps.timeoutMs)
  }

  /** A list stream of the person with `email`: it gets the notifications meant for them. */
  listen(email: string, send: (e: NotifyEvent) => void): () => void {
    const key = email.toLowerCase()
    let set = this.listeners.get(key)
    if (!set) this.listeners.set(key, (set = new Set()))
    set.add(send)
    return () => {
      set.delete(send)
      if (!set.size && this.listeners.get(key) === set) this.listeners.delete(key)
    }
  }

  /** Who `to` names: emails (lower-cased) and webhook URLs. */
  resolve(to: string | string[] | undefined, user: string | undefined): { emails: string[]; webhooks: string[] } {
    const names = to === undefined ? (user ? [user] : []) : typeof to === 'string' ? [to] : to
    const emails = new Set<string>()
    const webhooks = new Set<string>()
    let people: { email: string; teams: string[] }[] | undefined
    for (const raw of names) {
      const name = raw.trim()
      if (!name) continue
      if (isWebhook(name)) webhooks.add(name)
      else if (name.includes('@')) emails.add(name.toLowerCase())
      else {
        try {
          people ??= this.deps.people.list()
        } catch {
          people = [] // an unreadable people file: nobody by team
        }
        const members = people.filter((p) => p.teams.includes(name))
        if (!members.length) this.deps.log.warn(`A notification names "${name}": no person is in a team of that name.`)
        for (const p of members) emails.add(p.email.toLowerCase())
      }
    }
    return { emails: [...emails], webhooks: [...webhooks] }
  }

  /** Sends at once to the streams and starts the webhook posts; never waits for them. */
  send(n: Notice): { emails: string[]; webhooks: string[] } {
    const at = new Date().toISOString()
    const { emails, webhooks } = this.resolve(n.to, n.user)
    const event: NotifyEvent = { type: 'notify', id: randomBytes(6).toString('hex'), message: n.message, ...(n.title ? { title: n.title } : {}), at, ...(n.tx ? { tx: n.tx } : {}) }
    for (const email of emails) for (const send of this.listeners.get(email) ?? []) send(event)
    const body = webhookBody({ ...n, at }, this.baseUrl)
    for (const url of new Set([...(this.deps.webhook ? [this.deps.webhook] : []), ...webhooks])) this.hooks.post(url, body)
    return { emails, webhooks }
  }

  /** Resolves when the webhook posts under way ended. */
  settled(): Promise<void> {
    return this.hooks.settled()
  }
}
