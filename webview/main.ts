// Webview entry: connects <mi-app> to the extension host.
// Messages in are parsed with the shared schema; anything invalid is logged
// and dropped so a bad message never breaks the panel.
import './zod-jitless' // first: before the protocol schemas are built
import { hostToWebviewSchema, parseMessage, type WebviewToHost } from '../src/core/protocol'
import type { MiApp } from './app/mi-app'
import { DRAFT_EVENT, type Draft } from './app/mi-prompt'
import { SEARCH_RESULTS_EVENT, type ScreenMessage } from './app/events'
import { registerPrimitives } from './primitives'
import { tableStore } from './components/table/store'
import './app/mi-app'

interface VsCodeApi {
  postMessage(message: unknown): void
  getState(): unknown
  setState(state: unknown): void
}
declare function acquireVsCodeApi(): VsCodeApi

/** What survives the panel being hidden and re-shown. */
interface Saved {
  message: ScreenMessage
  draft?: Draft
}

const vscode = acquireVsCodeApi()
registerPrimitives()

const app = (document.querySelector('mi-app') ?? document.body.appendChild(document.createElement('mi-app'))) as MiApp
app.post = (m: WebviewToHost) => vscode.postMessage(m)
tableStore.post = app.post

let saved: Saved | undefined
const restored = vscode.getState() as Partial<Saved> | undefined
if (restored?.message) {
  const r = parseMessage(hostToWebviewSchema, restored.message)
  if (r.ok && (r.message.type === 'state' || r.message.type === 'history')) {
    saved = { message: r.message, draft: restored.draft }
    app.draft = restored.draft
    app.message = r.message
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const r = parseMessage(hostToWebviewSchema, event.data)
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
  vscode.setState(saved)
})

app.addEventListener(DRAFT_EVENT, (e) => {
  if (!saved) return
  const draft = (e as CustomEvent<Draft>).detail
  saved = { ...saved, draft }
  vscode.setState(saved)
  vscode.postMessage({ type: 'draft', seq: draft.seq, values: draft.values } satisfies WebviewToHost)
})

vscode.postMessage({ type: 'ready' } satisfies WebviewToHost)
