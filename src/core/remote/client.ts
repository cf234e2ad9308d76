// A client of `mini-interval serve`'s API, as VS Code uses it: the token as a
// Bearer header (no cookie, no Origin), every answer checked against its
// schema, and a timeout on every request so no command waits on a dead server.
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import { historyEntrySchema, type HistoryEntry, type WebviewToHost } from '../protocol'
import { SseParser } from '../protocol/sse'
import { queuedActionSchema } from '../queue/schema'
import type { QueuedAction } from '../queue/types'
import { remoteHistoryPageSchema, remoteListingSchema, runResponseSchema, scheduleViewSchema, type RemoteHistoryPage, type NewSchedule, type RemoteListing, type ScheduleView } from './schemas'

export const REQUEST_TIMEOUT_MS = 10_000
/** serve sends a keep-alive comment every 20 s: a stream silent for longer than this is dead. */
export const STREAM_IDLE_MS = 50_000

export class ServerError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when the server could not be reached or did not answer. */
    readonly status: number,
  ) {
    super(message)
  }
}

export interface HistoryQuery {
  text?: string
  status?: string[]
  action?: string
  limit?: number
  cursor?: string
  /** Only runs started by this person (email). */
  user?: string
}

export interface StreamHandlers {
  /** The server accepted the stream (its headers came). */
  onOpen?: () => void
  /** One event's data, parsed as JSON (events that are not JSON are skipped). */
  onData: (data: unknown) => void
}

export class ServerClient {
  constructor(
    readonly base: string,
    private readonly token: string,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  actions(): Promise<RemoteListing> {
    return this.json('GET', '/api/actions', remoteListingSchema)
  }

  /** Starts an action (or workflow) on the server; returns its transaction's id. */
  async run(slug: string, params?: Record<string, unknown>): Promise<string> {
    return (await this.json('POST', '/api/run', runResponseSchema, { slug, ...(params ? { params } : {}) })).id
  }

  /** One message of a panel, for the server's transaction (204 when accepted). */
  async message(id: string, m: WebviewToHost): Promise<void> {
    await this.request('POST', `/api/tx/${encodeURIComponent(id)}/message`, m)
  }

  history(q: HistoryQuery = {}): Promise<RemoteHistoryPage> {
    const p = new URLSearchParams()
    if (q.text) p.set('text', q.text)
    if (q.status?.length) p.set('status', q.status.join(','))
    if (q.action) p.set('action', q.action)
    if (q.limit !== undefined) p.set('limit', String(q.limit))
    if (q.cursor) p.set('cursor', q.cursor)
    if (q.user) p.set('user', q.user)
    const query = p.toString()
    return this.json('GET', `/api/history${query ? `?${query}` : ''}`, remoteHistoryPageSchema)
  }

  async historyEntry(id: string): Promise<HistoryEntry> {
    const body = await this.json('GET', `/api/history/${encodeURIComponent(id)}`, historyEntryResponse)
    return body.entry
  }

  /**
   * Reads a server-sent event stream until it ends (resolves), fails or goes
   * silent past STREAM_IDLE_MS (rejects), or `signal` aborts it (resolves).
   */
  async stream(path: string, handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
    const ctrl = new AbortController()
    const abort = (): void => ctrl.abort()
    signal.addEventListener('abort', abort, { once: true })
    let idle: ReturnType<typeof setTimeout> | undefined
    let timedOut = false
    const arm = (ms: number): void => {
      clearTimeout(idle)
      idle = setTimeout(() => ((timedOut = true), ctrl.abort()), ms)
    }
    try {
      arm(this.timeoutMs)
      let res: Response
      try {
        res = await fetch(this.base + path, { headers: { ...this.auth(), accept: 'text/event-stream' }, signal: ctrl.signal })
      } catch (e) {
        if (signal.aborted) return
        throw this.unreachable(e, timedOut)
      }
      if (!res.ok || !res.body) throw new ServerError(await errorText(res, this.base), res.status)
      handlers.onOpen?.()
      const parser = new SseParser((e) => {
        let data: unknown
        try {
          data = JSON.parse(e.data)
        } catch {
          return
        }
        handlers.onData(data)
      })
      const decoder = new TextDecoder()
      const reader = res.body.getReader()
      try {
        for (;;) {
          arm(STREAM_IDLE_MS)
          const { done, value } = await reader.read()
          if (done) break
          parser.push(decoder.decode(value, { stream: true }))
        }
      } catch (e) {
        if (signal.aborted) return
        throw timedOut ? new ServerError(`The server at ${this.base} went silent.`, 0) : this.unreachable(e, false)
      } finally {
        reader.releaseLock()
      }
    } finally {
      clearTimeout(idle)
      signal.removeEventListener('abort', abort)
    }
  }

  /** The signed-in person's open queued actions. */
  async inbox(): Promise<QueuedAction[]> {
    return (await this.json('GET', '/api/inbox', z.object({ items: z.array(queuedActionSchema) }))).items
  }

  /** Queues an action for a person or a team (or whoever may run it). */
  async queue(req: { slug: string; params?: Record<string, unknown>; assignee?: string; team?: string; title?: string }): Promise<QueuedAction> {
    return (await this.json('POST', '/api/queue', z.object({ item: queuedActionSchema }), req)).item
  }

  /** Opens a queued action: starts its run as this person, or returns the run already going. */
  async openQueued(id: string): Promise<string> {
    return (await this.json('POST', `/api/queue/${encodeURIComponent(id)}/open`, runResponseSchema, {})).id
  }

  /** Withdraws a queued action (its creator or an admin). */
  async withdrawQueued(id: string): Promise<void> {
    await this.request('DELETE', `/api/queue/${encodeURIComponent(id)}`)
  }

  async schedules(): Promise<ScheduleView[]> {
    return (await this.json('GET', '/api/schedules', z.object({ items: z.array(scheduleViewSchema) }))).items
  }

  async addSchedule(spec: NewSchedule): Promise<ScheduleView> {
    return (await this.json('POST', '/api/schedules', z.object({ schedule: scheduleViewSchema }), spec)).schedule
  }

  async removeSchedule(id: string): Promise<void> {
    await this.request('DELETE', `/api/schedules/${encodeURIComponent(id)}`)
  }

  /** Exchanges a personal sign-in link's secret for a session token (the link works once). Needs no token. */
  signIn(link: string): Promise<SignedIn> {
    return this.json('POST', '/api/session', signedInSchema, { link })
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {}
  }

  private async json<S extends z.ZodTypeAny>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    const res = await this.request(method, path, body)
    let data: unknown
    try {
      data = await res.json()
    } catch {
      throw new ServerError(`${this.base} did not answer ${path} with JSON: is it a Mini Interval server?`, res.status)
    }
    const parsed = schema.safeParse(data)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new ServerError(`${this.base} answered ${path} with something this version of Mini Interval does not read (${issue?.path.join('.') || 'body'}: ${issue?.message}).`, res.status)
    }
    return parsed.data
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const ctrl = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => ((timedOut = true), ctrl.abort()), this.timeoutMs)
    try {
      let res: Response
      try {
        res = await fetch(this.base + path, {
          method,
          headers: { ...this.auth(), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: ctrl.signal,
          redirect: 'manual',
        })
      } catch (e) {
        throw this.unreachable(e, timedOut)
      }
      if (!res.ok) throw new ServerError(await errorText(res, this.base), res.status)
      return res
    } finally {
      clearTimeout(timer)
    }
  }

  private unreachable(e: unknown, timedOut: boolean): ServerError {
    if (timedOut) return new ServerError(`The server at ${this.base} did not answer in ${Math.round(this.timeoutMs / 1000)} s.`, 0)
    const cause = (e as { cause?: { code?: string; message?: string } }).cause
    return new ServerError(`The server at ${this.base} cannot be reached (${cause?.code ?? cause?.message ?? (e as Error).message}).`, 0)
  }
}

// Built on first use (core/lazySchemas.ts).
const { historyEntryResponse, signedInSchema } = lazySchemas(() => {
  const historyEntryResponse = z.object({ type: z.literal('history'), entry: historyEntrySchema })

  const signedInSchema = z.object({
    token: z.string().min(1).max(4096),
    expiresAt: z.string(),
    user: z.object({ email: z.string(), firstName: z.string().optional(), lastName: z.string().optional(), role: z.string(), teams: z.array(z.string()).optional() }),
  })
  return { historyEntryResponse, signedInSchema }
})

/** Who a sign-in link signed in, and the session token that stands for them. */
export type SignedIn = z.infer<typeof signedInSchema>

/** The server's `{ error }` sentence, or the status when it sent none. */
async function errorText(res: Response, base: string): Promise<string> {
  let error: string | undefined
  try {
    error = ((await res.json()) as { error?: unknown }).error as string | undefined
  } catch {
    // not JSON
  }
  if (res.status === 401) return typeof error === 'string' && error ? error : `${base} refused the token: connect again with your sign-in link or the address \`mini-interval serve\` printed.`
  return typeof error === 'string' && error ? error : `${base} answered ${res.status} ${res.statusText}`.trim()
}
