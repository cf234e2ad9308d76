// /tx/<id>: one transaction in <mi-app>, exactly as a VS Code panel shows it,
// over the server transport. The server sends the current state on connect
// (a finished run that no longer runs comes as its History entry), so the URL
// shows where the transaction stands after a reload or a serve restart. A
// run queued in an Inbox and not opened yet (a workflow's step for a team)
// says whose Inbox it waits in, with Open for them; once opened, it shows.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import { isFinished, type HistoryEntry, type WebviewToHost } from '../../src/core/protocol'
import type { ScreenMessage } from '../app/events'
import type { MiApp } from '../app/mi-app'
import { customElement } from '../components/define'
import { connectSession } from '../transport/session'
import { serverTransport, type ServerTransport } from '../transport/server'
import { baseStyles } from '../app/styles'
import { reportConnection } from './connection'
import { handleInPage, openTarget, type PageContext } from './page-actions'
import { pageStyles } from './styles'
import { api, type QueuedAction } from './api'
import { subscribeLive } from './live'
import '../app/mi-app'

export class MiTxPage extends LitElement {
  static override styles = [baseStyles, pageStyles, css`
    .notice { margin: 12px 0 0; }
    .gone { padding: 20px 0; }
    mi-app[hidden] { display: none; }
    button.primary {
      font: inherit; border-radius: 2px; padding: 4px 12px; cursor: pointer; min-height: 26px;
      color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent);
    }
    button.primary:hover { background: var(--vscode-button-hoverBackground); }
  `]
  static override properties = { txId: { attribute: false }, notice: { state: true }, gone: { state: true }, queued: { state: true } }
  declare txId: string
  declare notice: string | undefined
  /** Set when the server will never stream this transaction (unknown id, not signed in). */
  declare gone: string | undefined
  /** Not started: the Inbox item it waits as, and whether it is for this person. */
  declare queued: { item: QueuedAction; forYou: boolean } | undefined
  private stopWaiting?: () => void
  private transport?: ServerTransport
  private disconnect?: () => void
  private screen: ScreenMessage | undefined

  constructor() {
    super()
    this.notice = undefined
    this.gone = undefined
    this.queued = undefined
  }

  protected override firstUpdated(_: PropertyValues<this>): void {
    this.connect()
  }

  /** Asks whether the run waits in an Inbox; while it does, looks again at each inbox change and connects once it is opened. */
  private async lookQueued(): Promise<void> {
    try {
      this.queued = await api.queuedRun(this.txId)
    } catch {
      this.queued = undefined
    }
    if (!this.queued) return this.stopWaiting?.()
    if (this.queued.item.state === 'started') return this.reconnect()
    // Nothing to stream until someone opens it: stop asking (and saying "reconnecting"); the inbox events say when.
    this.disconnect?.()
    this.disconnect = undefined
    this.transport?.close()
    this.transport = undefined
    reportConnection(`tx:${this.txId}`, 'gone')
    this.stopWaiting ??= subscribeLive((e) => void (e.type === 'inbox' && this.lookQueued()))
  }

  private reconnect(): void {
    this.stopWaiting?.()
    this.stopWaiting = undefined
    this.queued = undefined
    this.gone = undefined
    this.disconnect?.()
    this.transport?.close()
    this.connect()
  }

  private async openQueued(item: QueuedAction): Promise<void> {
    try {
      await api.openQueued(item.id)
      this.reconnect()
    } catch (e) {
      this.notice = (e as Error).message
    }
  }

  private connect(): void {
    const app = this.renderRoot.querySelector('mi-app') as MiApp
    const id = this.txId
    const name = `tx:${id}`
    const transport = serverTransport(id, {
      onConnection: (s) => reportConnection(name, s === 'closed' ? 'gone' : s),
      onError: (text) => {
        if (this.screen) return void (this.notice = text)
        this.gone = text
        if (!this.queued) void this.lookQueued()
      },
    })
    this.transport = transport
    const ctx: PageContext = {
      id,
      // What the page shows: the server's last message, or the one kept from before a reload.
      entry: (): HistoryEntry | undefined => (app.message?.type === 'history' ? app.message.entry : undefined),
      running: () => app.message?.type === 'state' && !isFinished(app.message.state.status),
      send: (m) => transport.post(m),
      notice: (text) => { this.notice = text },
    }
    this.disconnect = connectSession(app, transport, {
      post: (m: WebviewToHost) => {
        this.notice = undefined
        if (!handleInPage(m, ctx)) transport.post(m)
      },
      onScreen: (m) => this.onScreen(m),
    })
  }

  private onScreen(m: ScreenMessage): void {
    const before = this.screen
    this.screen = m
    this.gone = undefined
    // It runs: no longer waiting in an Inbox.
    this.queued = undefined
    this.stopWaiting?.()
    this.stopWaiting = undefined
    const name = m.type === 'state' ? m.state.action.name : m.entry.action.name
    const status = m.type === 'state' ? m.state.status : m.entry.status
    document.title = `${name} (${status}) · Mini Interval`
    // ctx.redirect, seen happen live: follow it as VS Code does (a route replaces this page), once.
    if (m.type === 'state' && m.state.status === 'redirected' && m.state.end?.redirect && before?.type === 'state' && before.state.status !== 'redirected') {
      void openTarget(m.state.end.redirect, { notice: (t) => { this.notice = t } }, { replace: true })
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.disconnect?.()
    this.transport?.close()
    this.stopWaiting?.()
    reportConnection(`tx:${this.txId}`, 'gone')
  }

  private waiting(q: { item: QueuedAction; forYou: boolean }) {
    const { item } = q
    const where = item.assignee ? html`the Inbox of <strong>${item.assignee}</strong>` : item.team ? html`the Inboxes of team <strong>${item.team}</strong>` : html`the Inbox of anyone who may run it`
    return html`<div class="gone" data-testid="queued-run">
      <h1>${item.title ?? item.slug}</h1>
      <p>Not started yet: it waits in ${where}, queued by ${item.createdBy}. Whoever opens it there runs it${q.forYou ? ': you may.' : '.'}</p>
      ${q.forYou ? html`<button class="primary" @click=${() => void this.openQueued(item)}>Open it</button>` : nothing}
    </div>`
  }

  override render() {
    return html`
      ${this.notice ? html`<p class="error-box notice" role="status" data-testid="notice">${this.notice}</p>` : nothing}
      ${this.gone && this.queued ? this.waiting(this.queued) : nothing}
      ${this.gone && !this.queued ? html`<div class="gone"><h1>Transaction not available</h1><p class="error-box" role="alert">${this.gone}</p></div>` : nothing}
      <mi-app ?hidden=${!!this.gone}></mi-app>`
  }
}
customElement('mi-tx-page', MiTxPage)
