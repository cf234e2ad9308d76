// How a server (or a test, or the benchmark) talks to a transaction on
// Restate: through Restate's ingress only, so any `serve` process behind the
// same Restate can continue any transaction. Plain fetch: no SDK needed here.
import type { TxView, User } from '../../core/protocol'
import type { AnswerInput, Published, Waiting } from './workflow'
import { TX_WORKFLOW } from './workflow'
import type { Query, QueryAnswer } from './query'
import type { StartInput } from './session'

const ID = /^[a-z0-9-]{1,200}$/

export class RestateError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }
}

/** `idempotencyKey`: Restate runs a call sent again with the same key once, and answers the retry with the first one's result. */
export async function post<T>(url: string, body: unknown, timeoutMs: number, idempotencyKey?: string): Promise<T> {
  let r: Response
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) }
  try {
    r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body ?? null), signal: AbortSignal.timeout(timeoutMs) })
  } catch (e) {
    throw new RestateError(`${url}: ${(e as Error).message}`)
  }
  const text = await r.text()
  if (!r.ok) {
    // Restate answers a handler's TerminalError with its message in JSON.
    let message = text
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text
    } catch {
      // not JSON
    }
    throw new RestateError(`${url}: ${r.status} ${message.slice(0, 1000)}`, r.status)
  }
  return (text ? JSON.parse(text) : undefined) as T
}

/** One transaction on Restate, by id. */
export class RestateTx {
  /** The workflow's name: 'tx', or another with the same handlers (the benchmark's bare workflow). */
  service = TX_WORKFLOW

  constructor(
    /** Restate's ingress URL; may change (another node of a cluster). */
    public ingress: string,
    readonly id: string,
  ) {
    if (!ID.test(id)) throw new RestateError(`Invalid transaction id "${id}"`)
  }

  private url(handler: string): string {
    return `${this.ingress.replace(/\/$/, '')}/${this.service}/${this.id}/${handler}`
  }

  /**
   * Starts it (once: a workflow id runs one time). `lock`: a singleton's lock, taken with acquireSingleton, released
   * at its end; `more`: the rest of its start input (a trigger, unattended). `existed`: this id was started before
   * (by this call's retry, another serve, or a schedule), and nothing new started.
   */
  async start(slug: string, params: Record<string, unknown>, user: User, lock?: string, more: Omit<StartInput, 'slug' | 'params' | 'user' | 'lock'> = {}): Promise<{ invocationId?: string; existed: boolean }> {
    // No idempotency key: Restate runs a workflow's `run` once per key anyway.
    try {
      const r = await post<{ invocationId: string; status?: string }>(this.url('run/send'), { slug, params, user, ...(lock ? { lock } : {}), ...more }, 30_000)
      return { invocationId: r.invocationId, existed: r.status === 'PreviouslyAccepted' }
    } catch (e) {
      if (e instanceof RestateError && e.status === 409) return { existed: true }
      throw e
    }
  }

  /** Where each screen was published (its `follow` index), as far as this client has seen. */
  private readonly screens: number[] = []

  /** Its k-th screen (0 first) or its end, past other changes it published; Restate answers when it is there. */
  async next(k: number, timeoutMs = 30_000): Promise<Waiting> {
    let seen = Math.min(k, this.screens.length)
    let n = seen ? this.screens[seen - 1] + 1 : 0
    for (;;) {
      const w = await this.follow(n, timeoutMs)
      if ('ended' in w) return w
      if ('seq' in w) {
        this.screens[seen] = w.n
        if (seen++ === k) return w
      }
      n = w.n + 1
    }
  }

  /** The n-th thing it published: a screen, its end, or another change a page shows. */
  follow(n: number, timeoutMs = 30_000): Promise<Published> {
    return post(this.url('next'), { n }, timeoutMs)
  }

  /**
   * Answers the screen it waits on; refused (RestateError, status 500) when it waits on another.
   * `idempotencyKey`: the same for every try of one answer, so a retry after a lost response is not a second answer.
   */
  answer(a: AnswerInput, timeoutMs = 30_000, idempotencyKey?: string): Promise<void> {
    return post(this.url('answer'), a, timeoutMs, idempotencyKey)
  }

  /** A page's search or table page, answered by the action's code (query.ts). */
  query(q: Query, timeoutMs = 45_000): Promise<QueryAnswer> {
    return post(this.url('query'), q, timeoutMs)
  }

  /** Where it stands, and the last thing it published (n, -1 for none yet): a page joining follows from n + 1. */
  where(): Promise<{ n: number; view: TxView | null }> {
    return post(this.url('where'), null, 30_000)
  }

  /** Where it stands (null before its first screen). */
  view(): Promise<TxView | null> {
    return post(this.url('view'), null, 30_000)
  }

  /** Its end as the workflow returned it, once it ends (Restate's attach: held until then, or `timeoutMs`). */
  async attach(timeoutMs: number): Promise<TxView> {
    const r = await fetch(`${this.ingress.replace(/\/$/, '')}/restate/workflow/${this.service}/${this.id}/attach`, { signal: AbortSignal.timeout(timeoutMs) }).catch((e: Error) => {
      throw new RestateError(`attach to ${this.id}: ${e.message}`)
    })
    if (!r.ok) throw new RestateError(`attach to ${this.id}: ${r.status} ${(await r.text()).slice(0, 500)}`, r.status)
    return (await r.json()) as TxView
  }

  /** Its end as the workflow returned it; waits for it. */
  async output(timeoutMs = 30_000): Promise<TxView> {
    const r = await fetch(`${this.ingress.replace(/\/$/, '')}/restate/workflow/${this.service}/${this.id}/output`, { signal: AbortSignal.timeout(timeoutMs) })
    if (!r.ok) throw new RestateError(`output of ${this.id}: ${r.status} ${(await r.text()).slice(0, 500)}`, r.status)
    return (await r.json()) as TxView
  }
}
