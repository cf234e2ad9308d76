// What serve's routes ask of the engine that holds its transactions: the
// embedded one (runs.ts over the History journal) or Restate (restateRuns.ts).
// The routes, the page and VS Code's client are the same on both; who may do
// what is decided before this seam (app.ts), and who did it passes through it.
import type { HistorySummary } from '../core/history/index-file'
import type { HistoryQuery, HistoryStore } from '../core/history/store'
import type { HostToWebview, TxStatus, TxTrigger, User, WebviewToHost } from '../core/protocol'
import type { Unattended } from '../core/history/events'
import { actorLabel } from './people/access'
import type { ServerRuns } from './runs'

/** How a run is started beyond who starts it: a scheduled run, or one opened from an Inbox. */
export interface StartOptions {
  /** The run's id, fixed by the caller (a schedule's time, an Inbox item): a run with this id that exists already is returned, not started again. */
  id?: string
  /** Recorded in its `started` event (History marks scheduled and Inbox runs). */
  trigger?: TxTrigger
  /** Nobody is at it (a schedule's run): its first prompt fails it, or queues it for its owner. */
  unattended?: Unattended
}

export type MessageOutcome = { ok: true } | { ok: false; error: string }

export interface HostedRuns {
  /** `user`: who starts it (ctx.user, and History's "who"). With `opts.id` of a run that exists: `{ id }`, nothing started. */
  start(slug: string, params: Record<string, unknown>, user: User, opts?: StartOptions): Promise<{ id: string }>
  /** Sends where the transaction stands now, then every change; undefined if there is no such transaction. */
  watch(id: string, send: (m: HostToWebview) => void): Promise<(() => void) | undefined>
  /** `by`: who sent it (recorded with an answer or a cancel). */
  message(id: string, m: WebviewToHost, by: User): Promise<MessageOutcome>
  /** The action a transaction runs and the email of who started it (when known); undefined if there is no such transaction. */
  owner(id: string): Promise<{ slug: string; email?: string } | undefined>
  /** A transaction started, changed status or ended. */
  onChange(f: (id: string, status: TxStatus) => void): () => void
  history(q: HistoryQuery): Promise<{ items: HistorySummary[]; total: number }>
  /** A past (or running) transaction as History shows it; undefined if unknown. */
  detail(id: string): Promise<HostToWebview | undefined>
}

/** The embedded engine: transactions in this process, History in the data folder. */
export function embedded(runs: ServerRuns, history: HistoryStore): HostedRuns {
  return {
    start: async (slug, params, user, opts) => ({ id: (await runs.start(slug, params, user, opts)).id }),
    async watch(id, send) {
      try {
        return runs.watch(id, send)
      } catch {
        return undefined
      }
    },
    message: async (id, m, by) => runs.message(id, m, actorLabel(by)),
    async owner(id) {
      const s = history.summary(id)
      return s && { slug: s.slug, ...(s.email ? { email: s.email } : {}) }
    },
    onChange: (f) => runs.onChange(f),
    async history(q) {
      const { items, total } = history.query(q)
      // The index does not know waiting from running: the live status says.
      return { items: items.map((s) => ({ ...s, status: runs.get(s.id)?.status ?? s.status })), total }
    },
    async detail(id) {
      let record
      try {
        record = history.read(id)
      } catch {
        return undefined
      }
      return runs.historyMessage(record)
    },
  }
}
