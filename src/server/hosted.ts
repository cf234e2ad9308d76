// What serve's routes ask of the engine that holds its transactions: the
// embedded one (runs.ts over the History journal) or Restate (restateRuns.ts).
// The routes, the page and VS Code's client are the same on both.
import type { HistorySummary } from '../core/history/index-file'
import type { HistoryQuery, HistoryStore } from '../core/history/store'
import type { HostToWebview, TxStatus, WebviewToHost } from '../core/protocol'
import type { ServerRuns } from './runs'

export type MessageOutcome = { ok: true } | { ok: false; error: string }

export interface HostedRuns {
  start(slug: string, params: Record<string, unknown>): Promise<{ id: string }>
  /** Sends where the transaction stands now, then every change; undefined if there is no such transaction. */
  watch(id: string, send: (m: HostToWebview) => void): Promise<(() => void) | undefined>
  message(id: string, m: WebviewToHost, by: string): Promise<MessageOutcome>
  /** A transaction started, changed status or ended. */
  onChange(f: (id: string, status: TxStatus) => void): () => void
  history(q: HistoryQuery): Promise<{ items: HistorySummary[]; total: number }>
  /** A past (or running) transaction as History shows it; undefined if unknown. */
  detail(id: string): Promise<HostToWebview | undefined>
}

/** The embedded engine: transactions in this process, History in the data folder. */
export function embedded(runs: ServerRuns, history: HistoryStore): HostedRuns {
  return {
    start: async (slug, params) => ({ id: (await runs.start(slug, params)).id }),
    async watch(id, send) {
      try {
        return runs.watch(id, send)
      } catch {
        return undefined
      }
    },
    message: async (id, m, by) => runs.message(id, m, by),
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
