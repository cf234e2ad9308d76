// The `ctx` object handed to handlers: who runs it, with what, and the ways
// an action reports progress and logs while it works.
import type { LoadingState, RedirectTarget, User } from '../protocol'
import { LOG_LIMIT } from './logPipe'
import { cutString, toJsonSafe } from './serialize'
import type { Environment } from './workerMessages'
import type { durableCalls } from '../durable/steps'
import { enqueuedId, enqueueRequest, enqueueStepName, type EnqueueOptions, type EnqueueRequest } from './enqueue'
import { NOTIFY_TO_LENGTH, NOTIFY_TO_MAX } from './workerMessages'

export interface CtxSink {
  log(message: string): void
  loading(state: LoadingState | null): void
  notify(n: { message: string; title?: string; to?: string[] }): void
  /** Asks the host to queue an item (enqueue.ts); rejects with the host's reason. */
  enqueue(req: EnqueueRequest): Promise<void>
  /** Records where to go once the handler returns; false if the transaction is already closed or redirected. */
  redirect(target: RedirectTarget): boolean
}

export interface CtxInfo {
  /** The transaction's id: ctx.enqueue's item ids are made from it. */
  txId: string
  user: User
  params: Record<string, unknown>
  environment: Environment
  action: { slug: string; url: string }
}

/** One ctx.log entry: its values as text (objects as JSON), at most LOG_LIMIT characters and a count of the rest. */
export function formatLogValues(values: unknown[]): string {
  let omitted = 0
  // Each value is cut first, so a 270 MB string is never joined whole.
  const text = values
    .map((v) => {
      const t = typeof v === 'string' ? v : (JSON.stringify(toJsonSafe(v, { budget: LOG_LIMIT }), null, 2) ?? String(v))
      if (t.length <= LOG_LIMIT) return t
      omitted += t.length - LOG_LIMIT
      return t.slice(0, LOG_LIMIT)
    })
    .join(' ')
  omitted += Math.max(0, text.length - LOG_LIMIT)
  return omitted ? `${text.slice(0, LOG_LIMIT)}… (${omitted} more characters)` : text
}

/** `{ url }`, or `{ route, params? }` (Interval's older `action` names the route too). */
export function redirectTarget(input: unknown): RedirectTarget {
  const t = (input ?? {}) as { url?: unknown; route?: unknown; action?: unknown; params?: unknown }
  const route = t.route ?? t.action
  if (typeof t.url === 'string' && route === undefined) return { url: cutString(t.url, 10_000) }
  if (typeof route === 'string' && t.url === undefined) {
    if (t.params !== undefined && (typeof t.params !== 'object' || t.params === null)) throw new TypeError('ctx.redirect: "params" must be an object')
    return { route, ...(t.params ? { params: toJsonSafe(t.params) as Record<string, unknown> } : {}) }
  }
  throw new TypeError('ctx.redirect takes { url } or { route, params? }')
}

/**
 * ctx.notify's `to` (an email, a team name or a webhook URL, or a list of them), and the
 * `to` of Interval's `delivery: [{ to, method? }]`: trimmed, deduplicated, each cut to
 * NOTIFY_TO_LENGTH, at most NOTIFY_TO_MAX. Empty: the run's own user (the host decides).
 */
export function notifyRecipients(to: unknown, delivery: unknown): string[] {
  const given: unknown[] = []
  if (to !== undefined && to !== null) {
    if (typeof to !== 'string' && !Array.isArray(to)) throw new TypeError('ctx.notify: "to" is an email, a team name or a webhook URL, or a list of them')
    given.push(...(Array.isArray(to) ? to : [to]))
  }
  if (Array.isArray(delivery)) for (const d of delivery) given.push((d as { to?: unknown } | null)?.to)
  const out = new Set<string>()
  for (const t of given) {
    if (typeof t !== 'string' || !t.trim()) continue
    out.add(t.trim().slice(0, NOTIFY_TO_LENGTH))
    if (out.size === NOTIFY_TO_MAX) break
  }
  return [...out]
}

type LoadingInput = string | { label?: string; description?: string; itemsInQueue?: number }

/** Loader and notification texts are shown, not logged whole: a bounded length keeps their messages small. */
const TEXT_LIMIT = 10_000
const shortText = (v: unknown): string | undefined => (v === undefined ? undefined : cutString(String(v), TEXT_LIMIT))

/** ctx.run, ctx.now and ctx.random (durable/steps.ts): journaled, so a resumed run gets the same results. */
export type DurableCtx = ReturnType<typeof durableCalls>

export function createCtx(info: CtxInfo, sink: CtxSink, durable: DurableCtx) {
  let loading: LoadingState | undefined
  /** ctx.enqueue calls so far: the next item's id is `<tx>-q<queued + 1>`, the same on a replay. */
  let queued = 0
  const set = (input: LoadingInput | undefined, keepProgress: boolean): void => {
    const given = typeof input === 'string' ? { label: input } : (input ?? {})
    const { itemsInQueue } = given
    if (itemsInQueue !== undefined && !(Number.isInteger(itemsInQueue) && itemsInQueue >= 0)) throw new TypeError('ctx.loading: "itemsInQueue" must be a whole number ≥ 0')
    const next: LoadingState = {}
    if (given.label !== undefined) next.label = shortText(given.label)
    if (given.description !== undefined) next.description = shortText(given.description)
    if (itemsInQueue !== undefined) next.itemsInQueue = itemsInQueue
    if (next.itemsInQueue !== undefined) next.itemsCompleted = keepProgress ? (loading?.itemsCompleted ?? 0) : 0
    loading = keepProgress ? { ...loading, ...next } : next
    sink.loading(loading)
  }
  return {
    user: info.user,
    params: info.params,
    environment: info.environment,
    organization: { name: 'Mini Interval', slug: 'local' },
    action: info.action,
    log: (...values: unknown[]): void => sink.log(formatLogValues(values)),
    loading: {
      start: (input?: LoadingInput): void => set(input, false),
      update: (input?: LoadingInput): void => set(input, true),
      completeOne: (): void => {
        if (!loading?.itemsInQueue) return
        loading = { ...loading, itemsCompleted: Math.min(loading.itemsInQueue, (loading.itemsCompleted ?? 0) + 1) }
        sink.loading(loading)
      },
    },
    notify: (n: { message: string; title?: string; to?: string | string[]; delivery?: unknown }): void => {
      const to = notifyRecipients(n?.to, n?.delivery)
      sink.notify({ message: shortText(n?.message) ?? '', ...(n?.title !== undefined ? { title: shortText(n.title) } : {}), ...(to.length ? { to } : {}) })
    },
    /**
     * Queues action `slug` in the Inbox of `assignee` (an email) or `team`; with neither,
     * anyone who may run it sees it. Resolves `{ id }` once the host's store has it; a
     * resumed run gets the same id back without queuing again (enqueue.ts).
     */
    enqueue: async (slug: string, options?: EnqueueOptions): Promise<{ id: string }> => {
      const req = enqueueRequest(slug, options)
      const id = enqueuedId(info.txId, ++queued)
      return durable.run(enqueueStepName(req.slug), async () => {
        await sink.enqueue({ id, ...req })
        return { id }
      })
    },
    /**
     * Ends the transaction by opening a URL or starting another action. The
     * handler runs on (its `finally` blocks, say), but further io calls reject
     * with IOError TRANSACTION_CLOSED; the transaction ends `redirected` when
     * the handler returns, or `failed` if it throws. Resolves false if the
     * transaction was already closed or redirected (the first target counts).
     */
    redirect: async (target: { url: string } | { route: string; params?: Record<string, unknown> }): Promise<boolean> => sink.redirect(redirectTarget(target)),
    // Not runAt: workflows use it, actions' steps take the next position.
    run: durable.run,
    now: durable.now,
    random: durable.random,
  }
}

export type ActionCtx = ReturnType<typeof createCtx>
