// serve's HTTP routes. Every route, stream and file needs a session (or the
// bootstrap token while there is no admin); pages, the API and the two event
// streams are the whole surface (see README "Teams"). Who may run or read what
// is decided here, before the engine (people/access.ts), on both engines.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { parseMessage, TX_STATUSES, webviewToHostSchema, type HostToWebview, type TxStatus, type User, type WebviewToHost } from '../core/protocol'
import { listing, type Catalog } from './catalog'
import { authenticate, BodyError, clearedCookie, COOKIE, originAllowed, overHttps, readJson, SECURITY_HEADERS, sendJson, SESSION_COOKIE, tokenCookie, type Auth } from './guard'
import { mayRead, mayRun, withoutStacks, type Actor } from './people/access'
import { peopleRoutes } from './people/routes'
import type { PeopleStore } from './people/store'
import type { Logger } from './log'
import { webPageCsp, webPageHtml } from './page'
import { UserError } from './runs'
import type { HostedRuns } from './hosted'
import { openEventStream, type EventStream } from './sse'
import type { HostedSchedules } from './schedules/hosted'
import { scheduleRoutes } from './schedules/routes'
import type { Notifier } from './notify/notifier'
import { staticFile } from './static'
import type { QueueStore } from '../core/queue/types'
import { inboxRoutes } from './inbox/routes'

export interface AppDeps {
  /** The bootstrap token: it opens the server only while no admin exists. */
  token: string
  people: PeopleStore
  /** Who the bootstrap token acts as (the server's own user, as an admin). */
  bootstrapUser: User
  /** Failed sign-ins allowed per address and per person in 15 minutes (default 50 and 10). */
  limits?: { perAddress: number; perPerson: number }
  catalog: Catalog
  runs: HostedRuns
  /** dist/web: the browser bundle. */
  webRoot: string
  log: Logger
  /** Subscribes to "the actions changed". */
  onActionsChanged(f: () => void): () => void
  /** The schedules (server/schedules/): its routes, and `schedules` events on the list stream. */
  schedules?: HostedSchedules
  /** Notifications reach the list streams of the people they name. */
  notifier?: Notifier
  /** Queued actions (server/inbox/): the Inbox routes, and `inbox` events on the list stream. */
  queue?: QueueStore
}

/** Caps: a message may carry an uploaded file (base64); anything else is small. */
export const MESSAGE_LIMIT = 64 * 1024 * 1024
export const SMALL_LIMIT = 64 * 1024

const runSchema = z.object({ slug: z.string().min(1).max(500), params: z.record(z.string(), z.unknown()).optional() })
const TX_ID = /^[a-z0-9-]{1,80}$/
const PAGE = /^\/(?:tx\/[a-z0-9-]{1,80}|history(?:\/[a-z0-9-]{1,80})?|people|schedules|inbox)?\/?$/

export function createApp(deps: AppDeps): ((req: IncomingMessage, res: ServerResponse) => void) & { close(): void } {
  const { log, people } = deps
  const gate = { token: deps.token, people, bootstrapUser: deps.bootstrapUser }
  const signin = peopleRoutes({ people, log, ...(deps.limits ? { limits: deps.limits } : {}) })
  const schedules = deps.schedules && scheduleRoutes({ schedules: deps.schedules, catalog: deps.catalog, log })
  const inbox = deps.queue && inboxRoutes({ queue: deps.queue, catalog: deps.catalog, runs: deps.runs, people, serverUser: deps.bootstrapUser, log })
  // Event streams end when the session they were opened with does (removed, expired, signed out),
  // or, for the bootstrap token, when the first admin exists.
  const streams = new Set<{ actor: Actor; stream: EventStream }>()
  const sweep = (): void => {
    for (const s of streams) {
      let alive: boolean
      try {
        alive = s.actor.session ? !!people.sessionByHash(s.actor.session) : !people.hasAdmin()
      } catch {
        alive = false // an unreadable people file: fail closed
      }
      if (!alive) (s.stream.end(), streams.delete(s))
    }
  }
  const unwatch = people.watch(sweep)
  const sweeper = setInterval(sweep, 60_000)
  sweeper.unref()
  // Which action a transaction runs never changes: asked of the engine once.
  const owners = new Map<string, { slug: string; email?: string }>()
  const ownerOf = async (id: string): Promise<{ slug: string; email?: string } | undefined> => {
    const known = owners.get(id)
    if (known) return known
    const o = await deps.runs.owner(id)
    if (o) {
      if (owners.size > 10_000) owners.delete(owners.keys().next().value!)
      owners.set(id, o)
    }
    return o
  }
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res).catch((e: unknown) => {
      if (e instanceof BodyError) return sendJson(res, e.status, { error: e.message })
      if (e instanceof UserError) return sendJson(res, 400, { error: e.message })
      // The path only: a query may hold a token or a sign-in link.
      log.error(`${req.method} ${(req.url ?? '').split('?')[0]}: ${(e as Error).stack ?? e}`)
      if (!res.headersSent) sendJson(res, 500, { error: 'The server failed on this request; its log says why.' })
      else res.end()
    })
  }
  return Object.assign(handler, {
    close(): void {
      unwatch()
      clearInterval(sweeper)
      for (const s of streams) s.stream.end()
    },
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname
    const method = req.method ?? 'GET'
    if (await signin.open(req, res, method, path, url)) return
    const auth = authenticate(req, url, gate)
    // While an address is over its limit of failures, only a working session gets through.
    if (!(auth.ok && auth.actor.session) && (auth.ok || auth.wrong) && signin.addressBlocked(req)) {
      return sendJson(res, 429, { error: 'Too many failed attempts from this address: try again later.' }, { 'retry-after': '900' })
    }
    if (!auth.ok) {
      if (auth.wrong && signin.wrongCredential(req)) return sendJson(res, 429, { error: 'Too many failed attempts from this address: try again later.' }, { 'retry-after': '900' })
      return refuse(req, res, path, auth)
    }
    if (method !== 'GET' && method !== 'HEAD' && !originAllowed(req, auth)) return sendJson(res, 403, { error: 'This request must come from the Mini Interval page itself.' })
    // First visit with ?token=: keep it in a cookie and take it out of the address bar.
    if (auth.via === 'query') {
      url.searchParams.delete('token')
      res.writeHead(303, { ...SECURITY_HEADERS, location: url.pathname + url.search, 'set-cookie': tokenCookie(deps.token, overHttps(req)), 'cache-control': 'no-store' })
      return void res.end()
    }
    if (method === 'GET' && PAGE.test(path)) return page(res)
    if (method === 'GET' && path.startsWith('/app/')) return asset(res, path.slice(5))
    if (path.startsWith('/api/')) {
      if (await signin.signedIn(req, res, method, path.slice(5), auth)) return
      return api(req, res, method, path.slice(5), url, auth.actor)
    }
    sendJson(res, 404, { error: `Nothing at ${path}.` })
  }

  function refuse(req: IncomingMessage, res: ServerResponse, path: string, auth: Extract<Auth, { ok: false }>): void {
    const secure = overHttps(req)
    // A cookie that no longer works is forgotten, so the browser stops sending it.
    const clear: Record<string, string[]> = auth.via === 'cookie' ? { 'set-cookie': [clearedCookie(SESSION_COOKIE, secure), clearedCookie(COOKIE, secure)] } : {}
    const why = auth.bootstrapClosed
      ? 'The shared token no longer opens this server (it has an admin): sign in with your personal link.'
      : auth.wrong ? 'Your session ended or the token is wrong: sign in again with a personal link.' : 'Not signed in: open your personal sign-in link, or send Authorization: Bearer TOKEN.'
    const wantsPage = req.method === 'GET' && !path.startsWith('/api/') && (req.headers.accept ?? '').includes('text/html')
    if (!wantsPage) return sendJson(res, 401, { error: why }, clear)
    res.writeHead(303, { ...SECURITY_HEADERS, ...clear, location: '/signin', 'cache-control': 'no-store' })
    res.end()
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

  async function api(req: IncomingMessage, res: ServerResponse, method: string, route: string, url: URL, actor: Actor): Promise<void> {
    const parts = route.split('/')
    // Does nothing, behind the same guard: the benchmark's baseline round trip, and a health check for clients.
    if (method === 'GET' && route === 'ping') return void res.writeHead(204, SECURITY_HEADERS).end()
    // What the person may not run is not listed.
    if (method === 'GET' && route === 'actions') return sendJson(res, 200, listing(deps.catalog, (e) => mayRun(actor, e)))
    if (method === 'POST' && route === 'run') {
      const body = runSchema.safeParse(await readJson(req, SMALL_LIMIT))
      if (!body.success) return sendJson(res, 400, { error: `Expected { slug, params? }: ${body.error.issues[0]?.message}` })
      const entry = deps.catalog.find(body.data.slug)
      if (entry && !mayRun(actor, entry)) return forbidden(res, actor, `start ${body.data.slug}`)
      return sendJson(res, 200, await deps.runs.start(body.data.slug, body.data.params ?? {}, actor.user))
    }
    if (method === 'GET' && route === 'events') return listEvents(res, actor)
    if (parts[0] === 'tx' && parts[1] && TX_ID.test(parts[1])) {
      const id = parts[1]
      if (method === 'GET' && parts[2] === 'events' && parts.length === 3) {
        const owner = await ownerOf(id)
        if (owner && !mayRead(actor, owner, deps.catalog.find)) return forbidden(res, actor, `watch ${id}`)
        return txEvents(res, id, actor)
      }
      if (method === 'POST' && parts[2] === 'message' && parts.length === 3) {
        const parsed = parseMessage(webviewToHostSchema, await readJson(req, MESSAGE_LIMIT))
        if (!parsed.ok) return sendJson(res, 400, { error: `Not a message of the protocol: ${parsed.reason}` })
        const refused = await refusal(actor, id, parsed.message)
        if (refused) return forbidden(res, actor, refused)
        const r = await deps.runs.message(id, parsed.message, actor.user)
        return r.ok ? void res.writeHead(204, SECURITY_HEADERS).end() : sendJson(res, 409, { error: r.error })
      }
    }
    if (schedules && (await schedules(req, res, method, route, actor))) return
    if (inbox && (await inbox(req, res, method, route, actor, url))) return
    if (method === 'GET' && route === 'history') return history(res, url, actor)
    if (method === 'GET' && parts[0] === 'history' && parts[1] && TX_ID.test(parts[1]) && parts.length === 2) {
      const owner = await ownerOf(parts[1])
      if (owner && !mayRead(actor, owner, deps.catalog.find)) return forbidden(res, actor, `read ${parts[1]}`)
      const detail = await deps.runs.detail(parts[1])
      return detail ? sendJson(res, 200, shown(detail, actor)) : sendJson(res, 404, { error: `No transaction ${parts[1]}.` })
    }
    sendJson(res, 404, { error: `No API route ${method} /api/${route}.` })
  }

  /** Why `actor` may not send `m` to transaction `id`; undefined when they may. */
  async function refusal(actor: Actor, id: string, m: WebviewToHost): Promise<string | undefined> {
    // History is an audit trail: nobody deletes a run from a page.
    if (m.type === 'delete') return `delete ${id}`
    // What only shows or copies (the page's own business) needs no more than reading.
    const reads = m.type === 'ready' || m.type === 'copy' || m.type === 'open' || m.type === 'openSource' || m.type === 'showTransaction' || m.type === 'export' || m.type === 'rerun' || m.type === 'queue'
    const owner = await ownerOf(id)
    if (!owner) return undefined // no such transaction: the engine says so
    if (reads) return mayRead(actor, owner, deps.catalog.find) ? undefined : `read ${id}`
    const entry = deps.catalog.find(owner.slug)
    // Answering or canceling is running: the action's access decides (an auditor runs nothing).
    if (actor.role === 'auditor' || (entry ? !mayRun(actor, entry) : actor.role === 'member')) return `${m.type} on ${id}`
    return undefined
  }

  function forbidden(res: ServerResponse, actor: Actor, what: string): void {
    log.warn(`Refused: ${actor.user.email} (${actor.role}) may not ${what}`)
    sendJson(res, 403, { error: actor.role === 'auditor' ? 'Auditors read History; they do not run actions.' : 'You may not do this: the action is restricted to other teams, or to other roles.' })
  }

  /** Members see a failure's message, not its stack. */
  function shown(m: HostToWebview, actor: Actor): HostToWebview {
    return actor.role === 'member' ? withoutStacks(m) : m
  }

  async function history(res: ServerResponse, url: URL, actor: Actor): Promise<void> {
    const q = url.searchParams
    const limit = Math.min(Math.max(Number(q.get('limit') ?? 50) || 50, 1), 500)
    const offset = Math.max(Number(q.get('cursor') ?? 0) || 0, 0)
    const status = (q.get('status') ?? '').split(',').filter((s): s is TxStatus => (TX_STATUSES as readonly string[]).includes(s))
    const { items, total } = await deps.runs.history({
      ...(q.get('text') ? { text: q.get('text')! } : {}),
      ...(q.get('action') ? { action: q.get('action')! } : {}),
      ...(q.get('user') ? { user: q.get('user')! } : {}),
      ...(status.length ? { status } : {}),
      ...(actor.role === 'member' ? { visible: (slug: string, email: string | undefined) => mayRead(actor, { slug, ...(email ? { email } : {}) }, deps.catalog.find) } : {}),
      offset,
      limit,
    })
    sendJson(res, 200, { items, total, ...(offset + items.length < total ? { next: String(offset + items.length) } : {}) })
  }

  async function txEvents(res: ServerResponse, id: string, actor: Actor): Promise<void> {
    const held: HostToWebview[] = []
    let stream: EventStream | undefined
    const send = (m: HostToWebview): void => void (stream ? stream.send(shown(m, actor)) : held.push(m))
    const stop = await deps.runs.watch(id, send)
    if (!stop) return sendJson(res, 404, { error: `No transaction ${id}.` })
    stream = openEventStream(res, SECURITY_HEADERS)
    held.forEach((m) => stream!.send(shown(m, actor)))
    track(stream, actor)
    stream.onClose(stop)
  }

  function listEvents(res: ServerResponse, actor: Actor): void {
    const stream = openEventStream(res, SECURITY_HEADERS)
    // A member hears only of transactions they may read.
    const tell = (id: string, status: TxStatus): void => {
      if (actor.role !== 'member') return stream.send({ type: 'tx', id, status })
      void ownerOf(id).then((o) => o && mayRead(actor, o, deps.catalog.find) && stream.send({ type: 'tx', id, status }), () => void 0)
    }
    const stops = [deps.runs.onChange(tell), deps.onActionsChanged(() => stream.send({ type: 'actions' }))]
    if (deps.schedules) stops.push(deps.schedules.onChange(() => stream.send({ type: 'schedules' })))
    // Someone's Inbox may have changed: each page asks again for its own (auditors have none).
    if (deps.queue && actor.role !== 'auditor') stops.push(deps.queue.onChange(() => stream.send({ type: 'inbox' })))
    if (deps.notifier) stops.push(deps.notifier.listen(actor.user.email, (e) => stream.send(e)))
    track(stream, actor)
    stream.onClose(() => stops.forEach((s) => s()))
  }

  function track(stream: EventStream, actor: Actor): void {
    const entry = { actor, stream }
    streams.add(entry)
    stream.onClose(() => streams.delete(entry))
  }
}
