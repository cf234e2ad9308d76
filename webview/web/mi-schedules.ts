// /schedules: what runs on its own. Every schedule with its cron and time
// zone, params, next run (the viewer's local time and UTC), last run (linked),
// where it comes from and whose run it is. Admins and developers add one (the
// cron is checked as it is typed, with the same parser the server uses) and
// remove added ones; declared ones change by editing the action's `schedule`.
import { LitElement, css, html, nothing } from 'lit'
import { live } from 'lit/directives/live.js'
import { customElement } from '../components/define'
import { baseStyles } from '../app/styles'
import { formatTime, STATUS_LABELS } from '../app/format'
import type { TxStatus } from '../../src/core/protocol'
import { Cron } from '../../src/core/schedules/cron'
import { TimeZone } from '../../src/core/schedules/timezone'
import { api, type ActionItem, type NewSchedule, type ScheduleView } from './api'
import { subscribeLive } from './live'
import { onLinkClick } from './router'
import { busyWhile } from './busy'
import { buttonStyles, pageStyles } from './styles'

const localZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

const zones = (): string[] => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone')
  } catch {
    return ['UTC']
  }
}

const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`

/** The form's cron and time zone, checked: the next run, or the first problem as one line. */
export function checkSchedule(cron: string, timezone: string, now = Date.now()): { next: Date } | { cronError?: string; zoneError?: string } {
  let zoneError: string | undefined
  try {
    TimeZone.of(timezone || 'UTC')
  } catch (e) {
    zoneError = (e as Error).message
  }
  let parsed: Cron
  try {
    parsed = new Cron(cron)
  } catch (e) {
    return { cronError: (e as Error).message, ...(zoneError ? { zoneError } : {}) }
  }
  if (zoneError) return { zoneError }
  return { next: parsed.next(now, timezone || 'UTC') }
}

export class MiSchedules extends LitElement {
  static override styles = [baseStyles, pageStyles, buttonStyles, css`
    form.add { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 8px 10px; align-items: start; }
    label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--vscode-descriptionForeground); }
    label.wide { grid-column: 1 / -1; }
    input[type='text'], textarea {
      font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
      border: 1px solid var(--vscode-input-border, var(--vscode-widget-border)); border-radius: 2px; padding: 4px 6px; min-height: 26px; box-sizing: border-box;
    }
    textarea { font-family: var(--vscode-editor-font-family, monospace); resize: vertical; }
    input[aria-invalid='true'], textarea[aria-invalid='true'] { border-color: var(--vscode-inputValidation-errorBorder); }
    .field-error { color: var(--vscode-errorForeground); font-size: 12px; }
    .hint { color: var(--vscode-descriptionForeground); font-size: 12px; }
    .submit { display: flex; align-items: end; gap: 10px; grid-column: 1 / -1; }
    button:disabled { opacity: 0.6; cursor: default; }
    table { width: 100%; border-collapse: collapse; }
    th { text-align: left; font-weight: 600; color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border); }
    td { border-bottom: 1px solid var(--vscode-panel-border); vertical-align: top; }
    th, td { padding: 6px 10px 6px 0; }
    td .sub, .muted { color: var(--vscode-descriptionForeground); font-size: 12px; }
    td code { font-size: 12px; }
    td.cron code, td.when { white-space: nowrap; }
    td .owner { overflow-wrap: anywhere; }
    td.params code { word-break: break-all; }
    td.actions { text-align: right; white-space: nowrap; }
    .status-failed, .status-diverged, .status-interrupted { color: var(--vscode-errorForeground); }
    .status-completed { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
    h2 { margin: 8px 0 0; }
  `]
  static override properties = {
    canManage: { type: Boolean },
    items: { state: true }, actions: { state: true }, error: { state: true }, busy: { state: true },
    cron: { state: true }, timezone: { state: true }, paramsText: { state: true }, formError: { state: true },
  }
  /** Admins and developers: the add form and Remove. */
  declare canManage: boolean
  declare items: ScheduleView[] | undefined
  declare actions: ActionItem[]
  declare error: string | undefined
  declare busy: boolean
  declare cron: string
  declare timezone: string
  declare paramsText: string
  /** The server's refusal of the last add (one line); a cron problem shows under the cron field instead. */
  declare formError: { field: 'cron' | 'timezone' | 'params' | 'form'; message: string } | undefined
  private stop?: () => void
  private touched = false

  constructor() {
    super()
    this.canManage = false
    this.items = undefined
    this.actions = []
    this.error = undefined
    this.busy = false
    this.cron = ''
    this.timezone = localZone()
    this.paramsText = ''
    this.formError = undefined
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.title = 'Schedules · Mini Interval'
    void this.load()
    void this.loadActions()
    this.stop = subscribeLive((e) => {
      if (e.type === 'schedules' || e.type === 'actions') void this.load()
      if (e.type === 'actions') void this.loadActions()
    })
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.stop?.()
  }

  private async load(): Promise<void> {
    try {
      const { items } = await api.schedules()
      this.items = items.sort((a, b) => (a.next ?? '~').localeCompare(b.next ?? '~') || a.actionName.localeCompare(b.actionName))
      this.error = undefined
    } catch (e) {
      this.error = `Could not read the schedules: ${(e as Error).message}`
    }
  }

  private async loadActions(): Promise<void> {
    try {
      const { actions } = await api.actions()
      this.actions = actions.filter((a) => a.kind === 'action' || a.hasHandler).sort((a, b) => a.name.localeCompare(b.name))
    } catch {
      // the form's list stays as it was
    }
  }

  private params(): Record<string, unknown> | string {
    const text = this.paramsText.trim()
    if (!text) return {}
    try {
      const v = JSON.parse(text) as unknown
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : 'Params are a JSON object, like {"region": "eu"}.'
    } catch (e) {
      return `Params are not JSON: ${(e as Error).message}`
    }
  }

  private onAdd(e: SubmitEvent): void {
    e.preventDefault()
    this.touched = true
    const form = e.target as HTMLFormElement
    const data = new FormData(form)
    const checked = checkSchedule(this.cron, this.timezone)
    const params = this.params()
    if (!('next' in checked) || typeof params === 'string') return void this.requestUpdate()
    const notify = String(data.get('notify') ?? '')
    const notifyTo = String(data.get('notifyTo') ?? '').split(',').map((t) => t.trim()).filter(Boolean)
    const body: NewSchedule = {
      slug: String(data.get('slug') ?? ''), cron: this.cron.trim(), timezone: this.timezone.trim() || 'UTC',
      ...(Object.keys(params).length ? { params } : {}),
      ...(notify === 'failure' || notify === 'always' ? { notify } : {}),
      ...(notifyTo.length ? { notifyTo } : {}),
    }
    void this.act(async () => {
      try {
        await api.addSchedule(body)
      } catch (err) {
        const message = (err as Error).message
        this.formError = { field: /^Cron|cron/.test(message) ? 'cron' : /time zone|timezone/i.test(message) ? 'timezone' : 'form', message }
        return
      }
      this.formError = undefined
      this.touched = false
      this.cron = ''
      this.paramsText = ''
      // The controlled fields (cron, time zone, params) are bound with live(): a reset puts them back as the state says.
      form.reset()
      await this.load()
    })
  }

  private removeSchedule(s: ScheduleView): void {
    if (!confirm(`Remove the schedule "${s.cron}" of ${s.actionName}? Runs it started stay in History.`)) return
    void this.act(async () => {
      await api.removeSchedule(s.id)
      await this.load()
    })
  }

  private act(f: () => Promise<void>): Promise<void> {
    return busyWhile(this, true, false, f)
  }

  private renderForm() {
    const checked = this.cron.trim() ? checkSchedule(this.cron, this.timezone) : undefined
    const params = this.params()
    const cronError = (this.touched || this.cron.trim()) && checked && 'cronError' in checked ? checked.cronError : this.formError?.field === 'cron' ? this.formError.message : this.touched && !this.cron.trim() ? 'Enter a cron, like 0 9 * * 1 (Mondays at 9:00).' : undefined
    const zoneError = checked && 'zoneError' in checked ? checked.zoneError : this.formError?.field === 'timezone' ? this.formError.message : undefined
    const paramsError = typeof params === 'string' && this.paramsText.trim() ? params : undefined
    return html`<h2>Add a schedule</h2>
      <form class="add" aria-label="Add a schedule" data-testid="add-schedule" @submit=${this.onAdd} novalidate>
        <label>Action<select name="slug" aria-label="Action" required>
          ${this.actions.map((a) => html`<option value=${a.slug}>${a.name}</option>`)}
        </select></label>
        <label>Cron<input type="text" name="cron" placeholder="0 9 * * 1" autocomplete="off" spellcheck="false" required
          .value=${live(this.cron)} aria-invalid=${cronError ? 'true' : 'false'} aria-describedby="cron-help"
          @input=${(e: Event) => ((this.cron = (e.target as HTMLInputElement).value), (this.formError = undefined))}>
          <span id="cron-help" class=${cronError ? 'field-error' : 'hint'} data-testid="cron-help">${cronError ?? (checked && 'next' in checked ? `Next: ${formatTime(checked.next.toISOString())}` : 'minute hour day month weekday')}</span>
        </label>
        <label>Time zone<input type="text" name="timezone" list="zones" autocomplete="off" spellcheck="false" .value=${live(this.timezone)}
          aria-invalid=${zoneError ? 'true' : 'false'} @input=${(e: Event) => ((this.timezone = (e.target as HTMLInputElement).value), (this.formError = undefined))}>
          ${zoneError ? html`<span class="field-error">${zoneError}</span>` : nothing}
          <datalist id="zones">${zones().map((z) => html`<option value=${z}></option>`)}</datalist>
        </label>
        <label>Notify<select name="notify" aria-label="Notify">
          <option value="">Nobody</option><option value="failure">When a run fails</option><option value="always">After every run</option>
        </select></label>
        <label>Notify whom<input type="text" name="notifyTo" placeholder="you; or emails, teams, webhook URLs" autocomplete="off"></label>
        <label class="wide">Params (JSON, optional)<textarea name="params" rows="2" placeholder='{"region": "eu"}' spellcheck="false"
          aria-invalid=${paramsError ? 'true' : 'false'} .value=${live(this.paramsText)} @input=${(e: Event) => (this.paramsText = (e.target as HTMLTextAreaElement).value)}></textarea>
          ${paramsError ? html`<span class="field-error">${paramsError}</span>` : nothing}
        </label>
        <div class="submit">
          <button class="primary" type="submit" ?disabled=${this.busy || !this.actions.length}>Add schedule</button>
          <span class="hint">It runs as you. Declared schedules live in the action file's <code>schedule</code>.</span>
        </div>
        ${this.formError?.field === 'form' ? html`<p class="error-box" role="alert" style="grid-column: 1 / -1">${this.formError.message}</p>` : nothing}
      </form>`
  }

  private renderRow(s: ScheduleView) {
    const last = s.last
    const finished = last?.status && !['running', 'awaiting'].includes(last.status)
    const params = Object.keys(s.params).length ? JSON.stringify(s.params) : ''
    return html`<tr data-testid="schedule" data-id=${s.id} data-slug=${s.slug}>
      <td><a href="/history?action=${encodeURIComponent(s.slug)}" @click=${onLinkClick}>${s.actionName}</a><div class="sub">${s.slug}</div></td>
      <td class="cron"><code>${s.cron}</code><div class="sub">${s.timezone}</div></td>
      <td class="params">${params ? html`<code>${params}</code>` : html`<span class="muted">none</span>`}</td>
      <td class="when" data-testid="next">${s.next
        ? html`<time datetime=${s.next}>${formatTime(s.next)}</time><div class="sub">${utc(s.next)}</div>`
        : html`<span class="muted">not planned</span>`}</td>
      <td class="when">${last
        ? html`<a href=${finished ? `/history/${encodeURIComponent(last.runId)}` : `/tx/${encodeURIComponent(last.runId)}`} @click=${onLinkClick}><time datetime=${last.scheduledFor}>${formatTime(last.scheduledFor)}</time></a>
            ${last.status ? html`<div class="sub status-${last.status}">${STATUS_LABELS[last.status as TxStatus] ?? last.status}</div>` : nothing}`
        : html`<span class="muted">not yet</span>`}</td>
      <td><span class="badge outline">${s.origin === 'action' ? 'action file' : 'added'}</span>
        ${s.owner ? html`<div class="sub owner" data-testid="owner" title="Its runs run as this person">runs as ${s.owner}</div>` : nothing}
        ${s.notify ? html`<div class="sub owner">notifies ${s.notify === 'failure' ? 'on failure' : 'always'}${s.notifyTo?.length ? `: ${s.notifyTo.join(', ')}` : ''}</div>` : nothing}</td>
      <td class="actions">${this.canManage && s.origin === 'added'
        ? html`<button class="danger" ?disabled=${this.busy} @click=${() => this.removeSchedule(s)}>Remove</button>`
        : nothing}</td>
    </tr>`
  }

  override render() {
    return html`<div class="page">
      <h1>Schedules</h1>
      <p class="muted">Actions that run on their own. A run nobody is at fails at its first prompt, unless its action says <code>scheduleMode: 'queue'</code>: then it waits in its owner's Inbox.</p>
      ${this.error ? html`<p class="error-box" role="alert">${this.error}</p>` : nothing}
      ${this.items === undefined && !this.error ? html`<p class="empty">Loading schedules…</p>` : nothing}
      ${this.items && !this.items.length ? html`<p class="empty" data-testid="schedules-empty">No schedules yet. Give an action a <code>schedule</code>${this.canManage ? ', or add one below' : ''}.</p>` : nothing}
      ${this.items?.length
        ? html`<table aria-label="Schedules">
            <thead><tr><th>Action</th><th>Schedule</th><th>Params</th><th>Next run</th><th>Last run</th><th>From</th><th></th></tr></thead>
            <tbody>${this.items.map((s) => this.renderRow(s))}</tbody>
          </table>`
        : nothing}
      ${this.canManage ? this.renderForm() : nothing}
    </div>`
  }
}
customElement('mi-schedules', MiSchedules)
