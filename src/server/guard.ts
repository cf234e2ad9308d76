// What every request passes before it reaches a route: the token (query on a
// first visit, then a cookie; or a Bearer header for VS Code), the Origin of
// anything that changes state, and a size cap on bodies.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sameToken } from './token'

export const COOKIE = 'mi_token'

export type Auth = { ok: true; via: 'cookie' | 'bearer' | 'query' } | { ok: false }

export function authenticate(req: IncomingMessage, url: URL, token: string): Auth {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
  if (bearer !== undefined) return sameToken(bearer.trim(), token) ? { ok: true, via: 'bearer' } : { ok: false }
  const query = url.searchParams.get('token')
  if (query !== null) return sameToken(query, token) ? { ok: true, via: 'query' } : { ok: false }
  return sameToken(cookieOf(req, COOKIE), token) ? { ok: true, via: 'cookie' } : { ok: false }
}

export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return undefined
}

export function tokenCookie(token: string): string {
  return `${COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`
}

/**
 * A request that changes state comes from our own page (its Origin is this
 * server), or from a client that sent the token itself (VS Code: a Bearer
 * header, no Origin). A cookie alone, from another origin, is never enough.
 */
export function originAllowed(req: IncomingMessage, auth: Auth): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return auth.ok && auth.via === 'bearer'
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

/** Reads a JSON body of at most `limit` bytes; a larger one is refused before it is read. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
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
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null')
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

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
