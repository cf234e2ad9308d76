// /history/<id>: one run's History detail, the same <mi-app> view and the same
// `history` message as VS Code's History panel, without Delete (History is an
// audit trail here). Re-run and export are the page's own (page-actions.ts);
// a run still going is shown live instead.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import { isFinished, type HistoryEntry } from '../../src/core/protocol'
import type { MiApp } from '../app/mi-app'
import { customElement } from '../components/define'
import { baseStyles } from '../app/styles'
import { api } from './api'
import { handleInPage, type PageContext } from './page-actions'
import { navigate } from './router'
import { pageStyles } from './styles'
import '../app/mi-app'

export class MiHistoryPage extends LitElement {
  static override styles = [baseStyles, pageStyles, css`.notice { margin: 12px 0 0; } .gone { padding: 20px 0; }`]
  static override properties = { entryId: { attribute: false }, notice: { state: true }, error: { state: true } }
  declare entryId: string
  declare notice: string | undefined
  declare error: string | undefined
  private entry: HistoryEntry | undefined

  constructor() {
    super()
    this.notice = undefined
    this.error = undefined
  }

  protected override firstUpdated(_: PropertyValues<this>): void {
    const app = this.renderRoot.querySelector('mi-app') as MiApp
    app.canDelete = false
    const id = this.entryId
    const ctx: PageContext = {
      id,
      entry: () => this.entry,
      running: () => false,
      send: (m) => void api.txMessage(id, m).catch((e: Error) => { this.notice = e.message }),
      notice: (text) => { this.notice = text },
    }
    app.post = (m) => {
      this.notice = undefined
      if (!handleInPage(m, ctx)) ctx.send(m)
    }
    api.historyEntry(id).then((r) => {
      // Not over yet: its live page shows it as it goes.
      if (!isFinished(r.entry.status)) return navigate(`/tx/${encodeURIComponent(id)}`, { replace: true })
      this.entry = r.entry
      document.title = `${r.entry.action.name} (${r.entry.status}) · History · Mini Interval`
      app.message = r
    }, (e: Error) => {
      this.error = e.message
    })
  }

  override render() {
    return html`
      ${this.notice ? html`<p class="error-box notice" role="status" data-testid="notice">${this.notice}</p>` : nothing}
      ${this.error ? html`<div class="gone"><h1>Not in History</h1><p class="error-box" role="alert">${this.error}</p></div>` : nothing}
      <mi-app ?hidden=${!!this.error}></mi-app>`
  }
}
customElement('mi-history-page', MiHistoryPage)
