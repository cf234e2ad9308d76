// /tx/<id>: one transaction in <mi-app>, exactly as a VS Code panel shows it,
// over the server transport. The server sends the current state on connect
// (a finished run that no longer runs comes as its History entry), so the URL
// shows where the transaction stands after a reload or a serve restart.
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
import '../app/mi-app'

export class MiTxPage extends LitElement {
  static override styles = [baseStyles, pageStyles, css`
    .notice { margin: 12px 0 0; }
    .gone { padding: 20px 0; }
  `]
  static override properties = { txId: { attribute: false }, notice: { state: true }, gone: { state: true } }
  declare txId: string
  declare notice: string | undefined
  /** Set when the server will never stream this transaction (unknown id, not signed in). */
  declare gone: string | undefined
  private transport?: ServerTransport
  private disconnect?: () => void
  private screen: ScreenMessage | undefined

  constructor() {
    super()
    this.notice = undefined
    this.gone = undefined
  }

  protected override firstUpdated(_: PropertyValues<this>): void {
    const app = this.renderRoot.querySelector('mi-app') as MiApp
    const id = this.txId
    const name = `tx:${id}`
    const transport = serverTransport(id, {
      onConnection: (s) => reportConnection(name, s === 'closed' ? 'gone' : s),
      onError: (text) => {
        if (!this.screen) this.gone = text
        else this.notice = text
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
    reportConnection(`tx:${this.txId}`, 'gone')
  }

  override render() {
    return html`
      ${this.notice ? html`<p class="error-box notice" role="status" data-testid="notice">${this.notice}</p>` : nothing}
      ${this.gone ? html`<div class="gone"><h1>Transaction not available</h1><p class="error-box" role="alert">${this.gone}</p></div>` : nothing}
      <mi-app ?hidden=${!!this.gone}></mi-app>`
  }
}
customElement('mi-tx-page', MiTxPage)
