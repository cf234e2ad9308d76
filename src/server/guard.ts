// What every request passes before it reaches a route: who sent it (a
// person's session: a cookie in the browser, a Bearer header from VS Code; or
// the shared bootstrap token, only until the first admin exists), the Origin
// of anything that changes state, and a size cap on bodies.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { User } from '../core/protocol'
import type { Actor } from './people/access'
import { personOfSecret } from './people/secrets'
import type { PeopleStore } from './people/store'
import { sameToken } from './token'

/** The bootstrap token, once given in the address. */
export const COOKIE = 'mi_token'
/** A person's session. */
export const SESSION_COOKIE = 'mi_session'

export type Via = 'cookie' | 'bearer' | 'query'

export type Auth =
  | { ok: true; via: Via; actor: Actor; /** The session token as sent (sign-out ends it). */ session?: string }
  | { ok: false; via?: Via; /** A credential was sent and is wrong, expired, or a closed bootstrap token. */ wrong: boolean; bootstrapClosed?: boolean }

export interface Gate {
  token: string
  people: PeopleStore
  /** Who the bootstrap token acts as: the server's own user, as an admin. */
  bootstrapUser: User
}

export function authenticate(req: IncomingMessage, url: URL, gate: Gate): Auth {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim()
  if (bearer !== undefined) return check(bearer, 'bearer', gate, true)
  const query = url.searchParams.get('token')
  if (query !== null) return check(query, 'query', gate, false)
  const session = cookieOf(req, SESSION_COOKIE)
  if (session) {
    const a = check(session, 'cookie', gate, true)
    if (a.ok || !cookieOf(req, COOKIE)) return a
  }
  const token = cookieOf(req, COOKIE)
  return token ? check(token, 'cookie', gate, false) : { ok: false, wrong: false }
}

function check(secret: string, via: Via, gate: Gate, sessions: boolean): Auth {
  if (sessions && personOfSecret(secret)) {
    const s = gate.people.session(secret)
    return s ? { ok: true, via, actor: personActor(s.person, s.hash), session: secret } : { ok: false, via, wrong: true }
  }
  if (!sameToken(secret, gate.token)) return { ok: false, via, wrong: true }
  if (gate.people.hasAdmin()) return { ok: false, via, wrong: true, bootstrapClosed: true }
  return { ok: true, via, actor: bootstrapActor(gate.bootstrapUser) }
}

export function personActor(p: { email: string; firstName: string; lastName: string; role: Actor['role']; teams: string[] }, session?: string): Actor {
  return { user: { email: p.email, firstName: p.firstName, lastName: p.lastName, role: p.role, teams: [...p.teams] }, role: p.role, ...(session ? { session } : {}) }
}

export function bootstrapActor(user: User): Actor {
  return { user: { ...user, role: 'admin', teams: user.teams ?? [] }, role: 'admin' }
}

export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim())
      } catch {
        return undefined
      }
    }
  }
  return undefined
}

/** Behind a TLS-terminating proxy the request says https in X-Forwarded-Proto. */
export function overHttps(req: IncomingMessage): boolean {
  return !!(req.socket as TLSSocket).encrypted || req.headers['x-forwarded-proto'] === 'https'
}

export function tokenCookie(token: string, secure = false): string {
  return `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`
}

export function sessionCookie(session: string, maxAgeMs: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(session)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}${secure ? '; Secure' : ''}`
}

/** Tells the browser to forget a cookie (after sign-out, or one that no longer works). */
export function clearedCookie(name: string, secure: boolean): string {
  return `${name}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secure ? '; Secure' : ''}`
}

/** The request's own origin as the browser names it. */
export function ownOrigin(req: IncomingMessage): string {
  return `${overHttps(req) ? 'https' : 'http'}://${req.headers.host}`
}

/**
 * A request that changes state comes from our own page (its Origin is this
 * server), or from a client that sent its credential itself (VS Code: a Bearer
 * header, no Origin). A cookie alone, from another origin, is never enough.
 */
export function originAllowed(req: IncomingMessage, auth: { via?: Via }): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return auth.via === 'bearer'
  return origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`
}

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** Reads a body of at most `limit` bytes as text; a larger one is refused before (or as soon as) it is read. */
export async function readText(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN)
  if (declared > limit) throw new BodyError(413, `The request body is over ${limit} bytes.`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      req.destroy()
      throw new BodyError(413, `The request body is over ${limit} bytes.`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Reads a JSON body of at most `limit` bytes. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readText(req, limit)
  try {
    return JSON.parse(text || 'null')
  } catch {
    throw new BodyError(400, 'The request body is not JSON.')
  }
}

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
