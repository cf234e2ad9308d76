// Sign-in, sign-out and the People API. A link signs in once: the browser by a
// form it posts (POST /signin → a session cookie), VS Code by POST /api/session
// (→ a token it sends as Authorization: Bearer). Admins manage people at
// /api/people. Secrets never reach the log: a failure says which rule refused.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { clearedCookie, COOKIE, originAllowed, overHttps, ownOrigin, readJson, readText, SECURITY_HEADERS, sendJson, SESSION_COOKIE, sessionCookie, type Auth } from '../guard'
import type { Logger } from '../log'
import { managesPeople, type Actor } from './access'
import { FailureLimit } from './limit'
import { sendNotice } from './pages'
import { personOfSecret } from './secrets'
import { PeopleError, ROLES, SESSION_TTL_MS, type PeopleStore, type Person } from './store'

export interface PeopleRoutesDeps {
  people: PeopleStore
  log: Logger
  sessionTtlMs?: number
  /** Failed sign-ins allowed per address and per person in 15 minutes (default 50 and 10). */
  limits?: { perAddress: number; perPerson: number }
}

export const SIGNIN_WINDOW_MS = 15 * 60_000
const SMALL = 16 * 1024

const personBody = z.object({
  email: z.string().min(3).max(320),
  role: z.enum(ROLES),
  teams: z.array(z.string().max(100)).max(100).optional(),
  name: z.string().max(200).optional(),
})
const changeBody = z.object({ role: z.enum(ROLES), teams: z.array(z.string().max(100)).max(100).optional() })

/** What a client may know of a person (no secrets are ever stored in it). */
export const personView = (p: Person) => ({ id: p.id, email: p.email, firstName: p.firstName, lastName: p.lastName, role: p.role, teams: p.teams, addedAt: p.addedAt })

export function peopleRoutes(deps: PeopleRoutesDeps) {
  const { people, log } = deps
  const ttl = deps.sessionTtlMs ?? SESSION_TTL_MS
  const byAddress = new FailureLimit(deps.limits?.perAddress ?? 50, SIGNIN_WINDOW_MS)
  const byPerson = new FailureLimit(deps.limits?.perPerson ?? 10, SIGNIN_WINDOW_MS)
  const addressOf = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown'

  /** Uses a link under both limits: while either is exceeded, even a right link waits. */
  function redeem(req: IncomingMessage, link: string): { ok: true; session: string; person: Person; expiresAt: number } | { ok: false; status: 401 | 429; retryAfterS?: number } {
    const address = `a:${addressOf(req)}`
    const person = personOfSecret(link)
    const wait = Math.max(byAddress.blockedFor(address), person ? byPerson.blockedFor(`p:${person}`) : 0)
    if (wait > 0) {
      log.warn(`Sign-in refused: too many failed attempts from ${addressOf(req)}${person ? ' or for that person' : ''}`)
      return { ok: false, status: 429, retryAfterS: Math.ceil(wait / 1000) }
    }
    const got = person ? people.redeem(link, ttl) : undefined
    if (got) {
      log.info(`${got.person.email} signed in`)
      return { ok: true, ...got }
    }
    byAddress.fail(address)
    if (person) byPerson.fail(`p:${person}`)
    log.warn(`A sign-in link from ${addressOf(req)} did not work (unknown, used or expired)`)
    return { ok: false, status: 401 }
  }

  return {
    /** Counts a wrong token or session against its address; true when that address must wait. */
    wrongCredential(req: IncomingMessage): boolean {
      const address = `a:${addressOf(req)}`
      if (byAddress.blockedFor(address) > 0) return true
      byAddress.fail(address)
      return false
    },
    addressBlocked: (req: IncomingMessage): boolean => byAddress.blockedFor(`a:${addressOf(req)}`) > 0,

    /** The routes that need no session: sign-in. True when it answered. */
    async open(req: IncomingMessage, res: ServerResponse, method: string, path: string, url: URL): Promise<boolean> {
      if (path === '/signin' && method === 'GET') {
        const link = url.searchParams.get('link')
        if (link) sendNotice(res, { status: 200, title: 'Sign in', body: ['This is your personal sign-in link. It works once.'], link })
        else if (url.searchParams.has('out')) sendNotice(res, { status: 200, title: 'Signed out', body: ['You are signed out. To sign in again, open a sign-in link from an admin (<code>mini-interval users link EMAIL</code>).'] })
        else if (!people.hasAdmin()) sendNotice(res, { status: 200, title: 'Sign in', body: ['This server has no people yet: open the address <code>mini-interval serve</code> printed (it ends in <code>?token=…</code>), or a sign-in link from <code>mini-interval users add EMAIL --role admin</code>.'] })
        else sendNotice(res, { status: 200, title: 'Sign in', body: ['Open your personal sign-in link. An admin makes one with <code>mini-interval users link EMAIL</code> or on the People page.'] })
        return true
      }
      if (path === '/signin' && method === 'POST') {
        const secure = overHttps(req)
        if (!originAllowed(req, {})) {
          sendNotice(res, { status: 403, title: 'Not signed in', body: ['A sign-in must come from this server’s own page.'], bad: true })
          return true
        }
        const link = linkOf(new URLSearchParams(await readText(req, SMALL)).get('link') ?? '')
        const r = redeem(req, link)
        if (r.ok) {
          res.writeHead(303, { ...SECURITY_HEADERS, location: '/', 'cache-control': 'no-store', 'set-cookie': [sessionCookie(r.session, r.expiresAt - Date.now(), secure), clearedCookie(COOKIE, secure)] })
          res.end()
        } else if (r.status === 429) {
          sendNotice(res, { status: 429, title: 'Too many attempts', body: [`Too many sign-ins failed. Try again in ${Math.ceil((r.retryAfterS ?? 60) / 60)} minutes.`], bad: true, headers: { 'retry-after': String(r.retryAfterS ?? 60) } })
        } else {
          sendNotice(res, { status: 401, title: 'This link does not work', body: ['It was used already, or it expired, or its person was removed. Ask an admin for a new one.'], bad: true })
        }
        return true
      }
      if (path === '/api/session' && method === 'POST') {
        // VS Code sends no Origin; a page of another origin may not sign anyone in.
        if (req.headers.origin !== undefined && !originAllowed(req, {})) {
          sendJson(res, 403, { error: 'A sign-in must come from this server’s own page or from a client.' })
          return true
        }
        const body = z.object({ link: z.string().max(4096) }).safeParse(await readJson(req, SMALL))
        if (!body.success) {
          sendJson(res, 400, { error: 'Expected { link }: the sign-in link (or its secret).' })
          return true
        }
        const r = redeem(req, linkOf(body.data.link))
        if (r.ok) sendJson(res, 200, { token: r.session, expiresAt: new Date(r.expiresAt).toISOString(), user: personView(r.person) })
        else if (r.status === 429) sendJson(res, 429, { error: 'Too many sign-ins failed: try again later.' }, { 'retry-after': String(r.retryAfterS ?? 60) })
        else sendJson(res, 401, { error: 'This sign-in link does not work: it was used, it expired, or its person was removed.' })
        return true
      }
      return false
    },

    /** Routes for whoever is signed in: who am I, sign-out, and (admins) the People API. True when it answered. */
    async signedIn(req: IncomingMessage, res: ServerResponse, method: string, route: string, auth: Extract<Auth, { ok: true }>): Promise<boolean> {
      const actor = auth.actor
      if (route === 'me' && method === 'GET') {
        sendJson(res, 200, { user: actor.user, role: actor.role, bootstrap: !actor.session, managesPeople: managesPeople(actor) })
        return true
      }
      if (route === 'session' && method === 'DELETE') {
        if (auth.session) people.endSession(auth.session)
        const secure = overHttps(req)
        res.writeHead(204, { ...SECURITY_HEADERS, 'set-cookie': [clearedCookie(SESSION_COOKIE, secure), clearedCookie(COOKIE, secure)] })
        res.end()
        return true
      }
      if (route !== 'people' && !route.startsWith('people/')) return false
      if (!managesPeople(actor)) {
        sendJson(res, 403, { error: 'Only admins manage people.' })
        return true
      }
      try {
        return await manage(req, res, method, route.split('/'), actor)
      } catch (e) {
        if (e instanceof PeopleError) {
          sendJson(res, 400, { error: e.message })
          return true
        }
        throw e
      }
    },
  }

  async function manage(req: IncomingMessage, res: ServerResponse, method: string, parts: string[], actor: Actor): Promise<boolean> {
    const linkUrl = (secret: string): string => `${ownOrigin(req)}/signin?link=${encodeURIComponent(secret)}`
    const id = parts[1]
    if (parts.length === 1 && method === 'GET') return (sendJson(res, 200, { people: people.list().map(personView) }), true)
    if (parts.length === 1 && method === 'POST') {
      const body = personBody.safeParse(await readJson(req, SMALL))
      if (!body.success) return (sendJson(res, 400, { error: `Expected { email, role, teams?, name? }: ${body.error.issues[0]?.message}` }), true)
      const { person, link } = people.add(body.data)
      log.info(`${actor.user.email} added ${person.email} (${person.role})`)
      return (sendJson(res, 200, { person: personView(person), link: linkUrl(link) }), true)
    }
    const person = id ? people.list().find((p) => p.id === id) : undefined
    if (!person || parts.length > 3) return (sendJson(res, 404, { error: 'No such person.' }), true)
    if (parts.length === 2 && method === 'PUT') {
      const body = changeBody.safeParse(await readJson(req, SMALL))
      if (!body.success) return (sendJson(res, 400, { error: `Expected { role, teams? }: ${body.error.issues[0]?.message}` }), true)
      if (person.role === 'admin' && body.data.role !== 'admin' && people.list().filter((p) => p.role === 'admin').length === 1) {
        return (sendJson(res, 400, { error: 'This is the last admin: make someone else an admin first.' }), true)
      }
      const changed = people.setRole(person.email, body.data.role, body.data.teams)
      log.info(`${actor.user.email} made ${changed.email} ${changed.role}${changed.teams.length ? ` (${changed.teams.join(', ')})` : ''}`)
      return (sendJson(res, 200, { person: personView(changed) }), true)
    }
    if (parts.length === 2 && method === 'DELETE') {
      if (person.role === 'admin' && people.list().filter((p) => p.role === 'admin').length === 1) {
        return (sendJson(res, 400, { error: 'This is the last admin: make someone else an admin first.' }), true)
      }
      people.remove(person.email)
      log.info(`${actor.user.email} removed ${person.email}`)
      return (void res.writeHead(204, SECURITY_HEADERS).end(), true)
    }
    if (parts.length === 3 && parts[2] === 'link' && method === 'POST') {
      const link = people.link(person.email)
      log.info(`${actor.user.email} made a sign-in link for ${person.email}`)
      return (sendJson(res, 200, { link: linkUrl(link) }), true)
    }
    sendJson(res, 404, { error: `No API route ${method} /api/${parts.join('/')}.` })
    return true
  }
}

/** A pasted link or its bare secret: the secret. */
export function linkOf(text: string): string {
  const t = text.trim()
  if (!/^https?:\/\//i.test(t)) return t
  try {
    return new URL(t).searchParams.get('link') ?? ''
  } catch {
    return ''
  }
}
