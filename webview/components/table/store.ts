// The webview's copy of every table's and grid's rows, by `dataId`. Rows
// arrive once in a `tableData` message (not inside the screen state, which is
// re-sent and saved often); tables with getData ask for pages through here,
// and only the newest request of a table is answered.
import { parseTableJson, type HostToWebview, type TableQuery, type TableRowsWire, type WebviewToHost } from '../../../src/core/protocol'

export type TableRowsMessage = Extract<HostToWebview, { type: 'tableRows' }>
export interface Page { data: TableRowsWire; totalRecords?: number; error?: string }

class TableStore {
  private readonly data = new Map<string, TableRowsWire>()
  private readonly listeners = new Map<string, Set<(d: TableRowsWire) => void>>()
  private readonly waiting = new Map<string, { requestId: number; resolve(p: Page | undefined): void }>()
  private nextRequest = 1
  /** Set by main.ts: forwards to the extension host. */
  post: (m: WebviewToHost) => void = () => {}

  get(dataId: string): TableRowsWire | undefined {
    return this.data.get(dataId)
  }

  set(dataId: string, rows: TableRowsWire): void {
    this.data.set(dataId, rows)
    for (const l of this.listeners.get(dataId) ?? []) l(rows)
  }

  /** Rows as they arrive (JSON text); rows that do not parse or check are dropped with a warning. */
  setJson(dataId: string, json: string): void {
    const r = parseTableJson(json)
    if (r.ok) this.set(dataId, r.data)
    else console.warn(`[mini-interval] dropped the rows of table ${dataId}: ${r.reason}`)
  }

  /** Calls `fn` whenever the rows of `dataId` arrive (or arrive again); returns the unsubscribe. */
  subscribe(dataId: string, fn: (d: TableRowsWire) => void): () => void {
    let set = this.listeners.get(dataId)
    if (!set) this.listeners.set(dataId, (set = new Set()))
    set.add(fn)
    return () => set.delete(fn)
  }

  /** Asks the action's getData for a page. Resolves `undefined` when a newer request of the same table superseded it. */
  query(dataId: string, query: TableQuery): Promise<Page | undefined> {
    const requestId = this.nextRequest++
    this.waiting.get(dataId)?.resolve(undefined)
    return new Promise((resolve) => {
      this.waiting.set(dataId, { requestId, resolve })
      this.post({ type: 'tableQuery', dataId, requestId, query })
    })
  }

  /** A page from the host; an answer to an older request is dropped. */
  receive(m: TableRowsMessage): void {
    const w = this.waiting.get(m.dataId)
    if (!w || w.requestId !== m.requestId) return
    this.waiting.delete(m.dataId)
    w.resolve({ data: m.data, ...(m.totalRecords !== undefined ? { totalRecords: m.totalRecords } : {}), ...(m.error ? { error: m.error } : {}) })
  }
}

export const tableStore = new TableStore()
