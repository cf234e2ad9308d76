// Connects <mi-app> to a transport: messages in are parsed with the shared
// schema (anything invalid is logged and dropped so a bad message never
// breaks the page), the screen and the typed draft are kept through the
// transport's state, and drafts are sent back so the host keeps them too.
// Shared by the VS Code webview (main.ts) and the browser app (web/).
import { hostToWebviewSchema, parseMessage, type WebviewToHost } from '../../src/core/protocol'
import type { MiApp } from '../app/mi-app'
import { DRAFT_EVENT, type Draft } from '../app/mi-prompt'
import { SEARCH_RESULTS_EVENT, type ScreenMessage } from '../app/events'
import { tableStore } from '../components/table/store'
import type { Transport } from './types'
import { paintTrace, tracedPost } from './trace'

/** How long after a screen the page's state is kept (a few frames: after its paint). */
const KEEP_AFTER_MS = 50

/** What survives the panel being hidden and re-shown (or the page reloaded). */
interface Saved {
  message: ScreenMessage
  draft?: Draft
}

export interface SessionOptions {
  /** What the app's buttons and links post; by default, straight to the transport. */
  post?: (m: WebviewToHost) => void
  /** Called with each screen message after <mi-app> got it. */
  onScreen?: (m: ScreenMessage) => void
}

/** Wires `app` to `transport`; returns the disconnect. */
export function connectSession(app: MiApp, transport: Transport, options: SessionOptions = {}): () => void {
  const trace = paintTrace(app, (m) => transport.post(m))
  const post = tracedPost(options.post ?? ((m: WebviewToHost) => transport.post(m)), trace)
  app.post = post
  tableStore.post = post

  let saved: Saved | undefined
  // A screen is kept a moment after it is painted: VS Code's setState is a message to the workbench,
  // which would otherwise compete with the paint. Coalesced; a reload before it loses nothing
  // (the host sends the screen again on `ready`).
  let keep: ReturnType<typeof setTimeout> | undefined
  const keepSoon = (): void => {
    keep ??= setTimeout(() => {
      keep = undefined
      transport.setState(saved)
    }, KEEP_AFTER_MS)
  }
  const restored = transport.getState() as Partial<Saved> | undefined
  if (restored?.message) {
    const r = parseMessage(hostToWebviewSchema, restored.message)
    if (r.ok && (r.message.type === 'state' || r.message.type === 'history')) {
      saved = { message: r.message, draft: restored.draft }
      app.draft = restored.draft
      app.message = r.message
    }
  }

  const onMessage = (data: unknown): void => {
    const receivedAt = trace.now()
    const r = parseMessage(hostToWebviewSchema, data)
    if (!r.ok) {
      console.warn(`[mini-interval] dropped an invalid message from the host: ${r.reason}`)
      return
    }
    if (r.message.type === 'searchResults') {
      // Not screen state: the io.search component waiting for it listens for this event.
      window.dispatchEvent(new CustomEvent(SEARCH_RESULTS_EVENT, { detail: r.message }))
      return
    }
    // Rows of tables and grids: kept by the table store, never in the saved state (the host re-sends them).
    if (r.message.type === 'tableData') {
      const { json, gzip, dataId } = r.message
      if (json === undefined && gzip === undefined) return console.warn(`[mini-interval] dropped table ${dataId}: no rows`)
      return void tableStore.receiveRows(dataId, gzip !== undefined ? { gzip } : { json: json! })
    }
    if (r.message.type === 'tableRows') return tableStore.receive(r.message)
    const draft = saved?.draft
    // A draft belongs to one screen of one transaction.
    const keepDraft = draft && r.message.type === 'state' && saved?.message.type === 'state' &&
      saved.message.state.id === r.message.state.id && r.message.state.prompt?.seq === draft.seq
    // A new tab of a resumed run: the host kept what was typed in the old one.
    const hostDraft = r.message.type === 'state' && r.message.state.draft?.seq === r.message.state.prompt?.seq ? r.message.state.draft : undefined
    saved = { message: r.message, draft: keepDraft ? draft : hostDraft }
    app.draft = saved.draft
    app.message = r.message
    keepSoon()
    options.onScreen?.(r.message)
    if (r.message.type === 'state' && r.message.trace) trace.screen(r.message.state.prompt?.seq, receivedAt)
  }
  const stop = transport.listen(onMessage)

  const onDraft = (e: Event): void => {
    if (!saved) return
    const draft = (e as CustomEvent<Draft>).detail
    saved = { ...saved, draft }
    // Typing is kept at once (it is not on a screen's way to the paint).
    clearTimeout(keep)
    keep = undefined
    transport.setState(saved)
    transport.post({ type: 'draft', seq: draft.seq, values: draft.values } satisfies WebviewToHost)
  }
  app.addEventListener(DRAFT_EVENT, onDraft)

  trace.ready()
  transport.post({ type: 'ready' } satisfies WebviewToHost)
  return () => {
    if (keep) transport.setState(saved)
    clearTimeout(keep)
    trace.dispose()
    stop()
    app.removeEventListener(DRAFT_EVENT, onDraft)
  }
}
