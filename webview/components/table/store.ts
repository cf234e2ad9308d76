// The webview's copy of every table's and grid's rows, by `dataId`. Rows
// arrive once in a `tableData` message (not inside the screen state, which is
// re-sent and saved often); tables with getData ask for pages through here,
// and only the newest request of a table is answered.
import { parseTableJson, type HostToWebview, type TableQuery, type TableRowsPayload, type TableRowsWire, type WebviewToHost } from '../../../src/core/protocol'

/** The browser's own gzip (DecompressionStream): native, and needs nothing from the CSP. */
async function gunzipBase64(b64: string): Promise<string> {
  const text = atob(b64)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
  return new Response(stream).text()
}

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

  /** Rows as they arrive (JSON text, maybe gzipped); rows that do not decode, parse or check are dropped with a warning. */
  async receiveRows(dataId: string, payload: TableRowsPayload): Promise<void> {
    const drop = (reason: string): void => console.warn(`[mini-interval] dropped the rows of table ${dataId}: ${reason}`)
    let json: string
    try {
      json = payload.gzip !== undefined ? await gunzipBase64(payload.gzip) : payload.json
    } catch (e) {
      return drop(`not gzipped base64: ${(e as Error).message}`)
    }
    const r = parseTableJson(json)
    if (r.ok) this.set(dataId, r.data)
    else drop(r.reason)
  }

  /** Calls `fn` with the rows of `dataId` now if they are here, and whenever they arrive (or arrive again); returns the unsubscribe. */
  watch(dataId: string, fn: (d: TableRowsWire) => void): () => void {
    const stop = this.subscribe(dataId, fn)
    const d = this.data.get(dataId)
    if (d) fn(d)
    return stop
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
