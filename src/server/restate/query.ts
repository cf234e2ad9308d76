// A page's io.search or getData table page on the Restate engine: the
// action's code answers it, as on the embedded engine (core/runs/deliver.ts
// hands it to the Transaction), in the live session of this endpoint process.
// workflow.ts's `query` handler finds (or wakes) that session; this asks it.
import type { PanelMessage, Transaction } from '../../core/runtime/transaction'
import type { TxRecord } from '../../core/history/record'
import type { TableQuery } from '../../core/protocol'

export type Query =
  | { type: 'search'; seq: number; index: number; requestId: number; query: string }
  | { type: 'tableQuery'; dataId: string; requestId: number; query: TableQuery }

/** What the page gets back: the same message the embedded engine sends it. */
export type QueryAnswer = Extract<PanelMessage, { type: 'searchResults' | 'tableRows' }>

/** A screen whose answer needs the action's code live meanwhile: an io.search on it, or a getData table on it or in the feed. */
export function needsCode(record: TxRecord): boolean {
  const asyncTable = (c: { props: Record<string, unknown> }) => c.props.async === true && typeof c.props.dataId === 'string'
  return !!record.prompt?.components.some((c) => c.method === 'SEARCH' || asyncTable(c)) || record.feed.some(asyncTable)
}

/** Hands `q` to the transaction once its worker shows screen `seq`, and resolves with what the action answers. */
export async function answerQuery(tx: Transaction, seq: number, q: Query, timeoutMs: number, released?: AbortSignal): Promise<QueryAnswer> {
  let timer: NodeJS.Timeout | undefined
  let listener: { dispose(): void } | undefined
  const what = q.type === 'search' ? 'search' : 'table page request'
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The action did not answer the ${what} within ${timeoutMs / 1000} s.`)), timeoutMs)
    // Restate suspended the run meanwhile (its worker stopped): said at once, the page asks again.
    released?.addEventListener('abort', () => reject(new Error(`The transaction was suspended while it answered the ${what}: try again.`)), { once: true })
  })
  try {
    // A worker that replays (woken run) gets to the screen first: its search state and table queries are set up there.
    await Promise.race([tx.showing(seq), timeout])
    const answered = new Promise<QueryAnswer>((resolve) => {
      listener = tx.onPanelMessage((m) => {
        if (m.type === 'searchResults' && q.type === 'search' && m.requestId === q.requestId && m.seq === q.seq && m.index === q.index) resolve(m)
        if (m.type === 'tableRows' && q.type === 'tableQuery' && m.requestId === q.requestId && m.dataId === q.dataId) resolve(m)
      })
    })
    if (q.type === 'search') tx.search(q.seq, q.index, q.requestId, q.query)
    else tx.tableQuery(q.dataId, q.requestId, q.query)
    return await Promise.race([answered, timeout])
  } finally {
    clearTimeout(timer)
    listener?.dispose()
  }
}
