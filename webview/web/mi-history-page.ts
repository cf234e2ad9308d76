// /history/<id>: one run's History detail, the same <mi-app> view and the same
// `history` message as VS Code's History panel, without Delete (History is an
// audit trail here). Re-run and export are the page's own (page-actions.ts);
// a run still going is shown live instead. "Queue for…" puts the same action,
// with this run's params, in a person's or a team's Inbox.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import { isFinished, type HistoryEntry } from '../../src/core/protocol'
import type { MiApp } from '../app/mi-app'
import { customElement } from '../components/define'
import { baseStyles } from '../app/styles'
import { api, type Me } from './api'
import { handleInPage, type PageContext } from './page-actions'
import { navigate } from './router'
import { pageStyles } from './styles'
import '../app/mi-app'

export class MiHistoryPage extends LitElement {
  static override styles = [baseStyles, pageStyles, css`
    .notice { margin: 12px 0 0; } .gone { padding: 20px 0; }
    .queue { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 12px 0 0; max-width: 940px; }
    .queue form { box-sizing: border-box; max-width: 100%; display: flex; flex-wrap: wrap; gap: 8px; align-items: end; padding: 10px 12px; border-radius: 3px;
      background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-widget-border); }
    .queue label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--vscode-descriptionForeground); }
    .queue fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 10px; align-items: center; font-size: 12px; }
    .queue fieldset label { flex-direction: row; align-items: center; color: var(--vscode-foreground); }
    .queue input[type='text'] {
      font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
      border: 1px solid var(--vscode-input-border, var(--vscode-widget-border)); border-radius: 2px; padding: 4px 6px; min-height: 26px; box-sizing: border-box;
    }
    .queue .what { font-size: 12px; color: var(--vscode-descriptionForeground); flex-basis: 100%; }
    .queue button {
      font: inherit; border-radius: 2px; padding: 4px 12px; cursor: pointer; min-height: 26px;
      color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent);
    }
    .queue button:hover { background: var(--vscode-button-secondaryHoverBackground); }
    .queue button.primary { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
    .queue button.primary:hover { background: var(--vscode-button-hoverBackground); }
    .queued { margin: 12px 0 0; color: var(--vscode-descriptionForeground); }
  `]
  static override properties = {
    entryId: { attribute: false }, me: { attribute: false }, notice: { state: true }, error: { state: true },
    loaded: { state: true }, queueing: { state: true }, forTeam: { state: true }, queued: { state: true },
  }
  declare entryId: string
  declare me: Me | undefined
  declare notice: string | undefined
  declare error: string | undefined
  /** The run's action, once its entry is read (what "Queue for…" queues). */
  declare loaded: { slug: string; name: string } | undefined
  /** The "Queue for…" form is open. */
  declare queueing: boolean
  /** It queues for a team rather than a person. */
  declare forTeam: boolean
  /** Said after queuing: for whom. */
  declare queued: string | undefined
  private entry: HistoryEntry | undefined

  constructor() {
    super()
    this.notice = undefined
    this.error = undefined
    this.me = undefined
    this.loaded = undefined
    this.queueing = false
    this.forTeam = false
    this.queued = undefined
  }

  private async queue(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const entry = this.entry
    if (!entry) return
    const data = new FormData(e.target as HTMLFormElement)
    const who = String(data.get('who') ?? '').trim()
    const title = String(data.get('title') ?? '').trim()
    this.notice = undefined
    try {
      await api.queue({ slug: entry.action.slug, params: entry.params, ...(this.forTeam ? { team: who } : { assignee: who }), ...(title ? { title } : {}) })
      this.queued = this.forTeam ? `team ${who}` : who
      this.queueing = false
    } catch (err) {
      this.notice = (err as Error).message
    }
  }

  private queueForm() {
    if (!this.loaded || !this.me || this.me.role === 'auditor') return nothing
    if (!this.queueing) {
      return html`<div class="queue">
        <button data-testid="queue-for" @click=${() => ((this.queueing = true), (this.queued = undefined))}>Queue for…</button>
        ${this.queued ? html`<span class="queued" role="status" data-testid="queued">Queued for ${this.queued}: it waits in their Inbox.</span>` : nothing}
      </div>`
    }
    const params = Object.keys(this.entry?.params ?? {}).length
    return html`<div class="queue"><form aria-label="Queue for a person or a team" @submit=${(e: SubmitEvent) => void this.queue(e)}>
      <span class="what">${this.loaded.name}, ${params ? `with this run's ${params === 1 ? 'param' : `${params} params`}` : 'without params'}, in someone's Inbox:</span>
      <fieldset>
        <label><input type="radio" name="kind" .checked=${!this.forTeam} @change=${() => (this.forTeam = false)}> a person</label>
        <label><input type="radio" name="kind" .checked=${this.forTeam} @change=${() => (this.forTeam = true)}> a team</label>
      </fieldset>
      <label>${this.forTeam ? 'Team' : 'Email'}<input type="text" name="who" required autocomplete="off" placeholder=${this.forTeam ? 'ops' : 'name@example.com'}></label>
      <label>Title (optional)<input type="text" name="title" autocomplete="off" placeholder=${this.loaded.name}></label>
      <button class="primary" type="submit">Queue</button>
      <button type="button" @click=${() => (this.queueing = false)}>Cancel</button>
    </form></div>`
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
      this.loaded = { slug: r.entry.action.slug, name: r.entry.action.name }
      document.title = `${r.entry.action.name} (${r.entry.status}) · History · Mini Interval`
      app.message = r
    }, (e: Error) => {
      this.error = e.message
    })
  }

  override render() {
    return html`
      ${this.queueForm()}
      ${this.notice ? html`<p class="error-box notice" role="status" data-testid="notice">${this.notice}</p>` : nothing}
      ${this.error ? html`<div class="gone"><h1>Not in History</h1><p class="error-box" role="alert">${this.error}</p></div>` : nothing}
      <mi-app ?hidden=${!!this.error}></mi-app>`
  }
}
customElement('mi-history-page', MiHistoryPage)
