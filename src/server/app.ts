// serve's HTTP routes. Every route, stream and file needs the token; pages,
// the API and the two event streams are the whole surface (see README "Teams").
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { parseMessage, TX_STATUSES, webviewToHostSchema, type HostToWebview, type TxStatus } from '../core/protocol'
import { listing, type Catalog } from './catalog'
import { authenticate, BodyError, originAllowed, readJson, SECURITY_HEADERS, sendJson, tokenCookie } from './guard'
import type { Logger } from './log'
import { webPageCsp, webPageHtml } from './page'
import { UserError } from './runs'
import type { HostedRuns } from './hosted'
import { openEventStream } from './sse'
import { staticFile } from './static'

export interface AppDeps {
  token: string
  catalog: Catalog
  runs: HostedRuns
  /** dist/web: the browser bundle. */
  webRoot: string
  log: Logger
  /** Who the person is, for History (sign-in comes later). */
  userName: string
  /** Subscribes to "the actions changed". */
  onActionsChanged(f: () => void): () => void
}

/** Caps: a message may carry an uploaded file (base64); anything else is small. */
export const MESSAGE_LIMIT = 64 * 1024 * 1024
export const SMALL_LIMIT = 64 * 1024

const runSchema = z.object({ slug: z.string().min(1).max(500), params: z.record(z.string(), z.unknown()).optional() })
const TX_ID = /^[a-z0-9-]{1,80}$/
const PAGE = /^\/(?:tx\/[a-z0-9-]{1,80}|history(?:\/[a-z0-9-]{1,80})?)?\/?$/

export function createApp(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { token, log } = deps
  return (req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (e instanceof BodyError) return sendJson(res, e.status, { error: e.message })
      if (e instanceof UserError) return sendJson(res, 400, { error: e.message })
      log.error(`${req.method} ${req.url}: ${(e as Error).stack ?? e}`)
      if (!res.headersSent) sendJson(res, 500, { error: 'The server failed on this request; its log says why.' })
      else res.end()
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const auth = authenticate(req, url, token)
    const path = url.pathname
    const method = req.method ?? 'GET'
    if (!auth.ok) return refuse(req, res, path)
    if (method !== 'GET' && method !== 'HEAD' && !originAllowed(req, auth)) return sendJson(res, 403, { error: 'This request must come from the Mini Interval page itself.' })
    // First visit with ?token=: keep it in a cookie and take it out of the address bar.
    if (auth.via === 'query') {
      url.searchParams.delete('token')
      res.writeHead(303, { ...SECURITY_HEADERS, location: url.pathname + url.search, 'set-cookie': tokenCookie(token), 'cache-control': 'no-store' })
      return void res.end()
    }
    if (method === 'GET' && PAGE.test(path)) return page(res)
    if (method === 'GET' && path.startsWith('/app/')) return asset(res, path.slice(5))
    if (path.startsWith('/api/')) return api(req, res, method, path.slice(5), url)
    sendJson(res, 404, { error: `Nothing at ${path}.` })
  }

  function refuse(req: IncomingMessage, res: ServerResponse, path: string): void {
    const wantsPage = req.method === 'GET' && !path.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html')
    if (!wantsPage) return sendJson(res, 401, { error: 'Missing or wrong token: open the address `mini-interval serve` printed, or send Authorization: Bearer TOKEN.' })
    const body = '<!DOCTYPE html><meta charset="utf-8"><title>Mini Interval</title><p>This Mini Interval server needs its token. Open the address <code>mini-interval serve</code> printed (it ends in <code>?token=…</code>).</p>'
    res.writeHead(401, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'", 'cache-control': 'no-store' })
    res.end(body)
  }

  function page(res: ServerResponse): void {
    const nonce = randomBytes(16).toString('base64')
    const html = webPageHtml({ nonce, scriptPath: '/app/web.js', title: 'Mini Interval' })
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': webPageCsp(nonce) })
    res.end(html)
  }

  function asset(res: ServerResponse, rel: string): void {
    let name: string
    try {
      name = decodeURIComponent(rel)
    } catch {
      return sendJson(res, 400, { error: 'Bad path.' })
    }
    const file = staticFile(deps.webRoot, name)
    if (!file) return sendJson(res, 404, { error: `No file ${name}.` })
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.type, 'content-length': file.body.length, 'cache-control': 'no-cache' })
    res.end(file.body)
  }

  async function api(req: IncomingMessage, res: ServerResponse, method: string, route: string, url: URL): Promise<void> {
    const parts = route.split('/')
    // Does nothing, behind the same token: the benchmark's baseline round trip, and a health check for clients.
    if (method === 'GET' && route === 'ping') return void res.writeHead(204, SECURITY_HEADERS).end()
    if (method === 'GET' && route === 'actions') return sendJson(res, 200, listing(deps.catalog))
    if (method === 'POST' && route === 'run') {
      const body = runSchema.safeParse(await readJson(req, SMALL_LIMIT))
      if (!body.success) return sendJson(res, 400, { error: `Expected { slug, params? }: ${body.error.issues[0]?.message}` })
      return sendJson(res, 200, await deps.runs.start(body.data.slug, body.data.params ?? {}))
    }
    if (method === 'GET' && route === 'events') return listEvents(res)
    if (parts[0] === 'tx' && parts[1] && TX_ID.test(parts[1])) {
      const id = parts[1]
      if (method === 'GET' && parts[2] === 'events' && parts.length === 3) return txEvents(res, id)
      if (method === 'POST' && parts[2] === 'message' && parts.length === 3) {
        const parsed = parseMessage(webviewToHostSchema, await readJson(req, MESSAGE_LIMIT))
        if (!parsed.ok) return sendJson(res, 400, { error: `Not a message of the protocol: ${parsed.reason}` })
        const r = await deps.runs.message(id, parsed.message, deps.userName)
        return r.ok ? void res.writeHead(204, SECURITY_HEADERS).end() : sendJson(res, 409, { error: r.error })
      }
    }
    if (method === 'GET' && route === 'history') return history(res, url)
    if (method === 'GET' && parts[0] === 'history' && parts[1] && TX_ID.test(parts[1]) && parts.length === 2) {
      const detail = await deps.runs.detail(parts[1])
      return detail ? sendJson(res, 200, detail) : sendJson(res, 404, { error: `No transaction ${parts[1]}.` })
    }
    sendJson(res, 404, { error: `No API route ${method} /api/${route}.` })
  }

  async function history(res: ServerResponse, url: URL): Promise<void> {
    const q = url.searchParams
    const limit = Math.min(Math.max(Number(q.get('limit') ?? 50) || 50, 1), 500)
    const offset = Math.max(Number(q.get('cursor') ?? 0) || 0, 0)
    const status = (q.get('status') ?? '').split(',').filter((s): s is TxStatus => (TX_STATUSES as readonly string[]).includes(s))
    const { items, total } = await deps.runs.history({
      ...(q.get('text') ? { text: q.get('text')! } : {}),
      ...(q.get('action') ? { action: q.get('action')! } : {}),
      ...(status.length ? { status } : {}),
      offset,
      limit,
    })
    sendJson(res, 200, { items, total, ...(offset + items.length < total ? { next: String(offset + items.length) } : {}) })
  }

  async function txEvents(res: ServerResponse, id: string): Promise<void> {
    const held: HostToWebview[] = []
    let stream: ReturnType<typeof openEventStream> | undefined
    const stop = await deps.runs.watch(id, (m) => (stream ? stream.send(m) : held.push(m)))
    if (!stop) return sendJson(res, 404, { error: `No transaction ${id}.` })
    stream = openEventStream(res, SECURITY_HEADERS)
    held.forEach((m) => stream!.send(m))
    stream.onClose(stop)
  }

  function listEvents(res: ServerResponse): void {
    const stream = openEventStream(res, SECURITY_HEADERS)
    const stops = [deps.runs.onChange((id, status) => stream.send({ type: 'tx', id, status })), deps.onActionsChanged(() => stream.send({ type: 'actions' }))]
    stream.onClose(() => stops.forEach((s) => s()))
  }
}
