// /history: every run of the server, newest first, paged by the server's
// cursor, filtered by status, action and person and searched by text (the same
// index-backed query as VS Code's History view). The filters live in the URL,
// so a reload or a shared link keeps them; a `tx` push refetches.
import { LitElement, css, html, nothing } from 'lit'
import { STATUS_LABELS, TX_STATUSES, isFinished, type TxStatus } from '../../src/core/protocol'
import type { HistorySummary } from '../../src/core/history/index-file'
import { customElement } from '../components/define'
import { baseStyles } from '../app/styles'
import { formatDuration, formatTime } from '../app/format'
import { api, type HistoryQuery } from './api'
import { subscribeLive } from './live'
import { navigate, onLinkClick } from './router'
import { pageStyles } from './styles'

const PAGE_SIZE = 50

export class MiHistoryList extends LitElement {
  static override styles = [baseStyles, pageStyles, css`
    table { width: 100%; }
    th { font-weight: 600; color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border); }
    td { border-bottom: 1px solid var(--vscode-panel-border); }
    th, td { padding: 6px 10px 6px 0; }
    tbody tr:hover { background: var(--vscode-list-hoverBackground); }
    .status { font-size: 11px; padding: 1px 7px; border-radius: 10px; border: 1px solid var(--vscode-descriptionForeground); white-space: nowrap; }
    .status-running, .status-awaiting { background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); border-color: transparent; }
    .status-completed { border-color: var(--vscode-testing-iconPassed); }
    .status-failed { border-color: var(--vscode-errorForeground); }
    .status-diverged { border-color: var(--vscode-inputValidation-warningBorder); }
    .more { display: flex; gap: 12px; align-items: center; }
    button.more-button {
      font: inherit; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground);
      border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 4px 12px; cursor: pointer;
    }
    button.more-button:hover { background: var(--vscode-button-secondaryHoverBackground); }
    .num { font-variant-numeric: tabular-nums; }
    input.person { flex: 0 1 220px; min-width: 160px; }
    button.person-filter { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: left; }
    button.person-filter:hover { color: var(--vscode-textLink-foreground); text-decoration: underline; }
  `]
  static override properties = {
    params: { attribute: false }, items: { state: true }, total: { state: true }, next: { state: true },
    error: { state: true }, actionNames: { state: true }, loading: { state: true },
  }
  declare params: URLSearchParams
  declare items: HistorySummary[] | undefined
  declare total: number
  declare next: string | undefined
  declare error: string | undefined
  declare loading: boolean
  /** slug → name, for the action filter (actions and workflows the server serves, plus any seen in runs). */
  declare actionNames: Map<string, string>
  private stopLive?: () => void
  private loads = 0
  private searchTimer?: ReturnType<typeof setTimeout>
  private refetchTimer?: ReturnType<typeof setTimeout>

  constructor() {
    super()
    this.params = new URLSearchParams()
    this.items = undefined
    this.total = 0
    this.next = undefined
    this.error = undefined
    this.loading = false
    this.actionNames = new Map()
  }

  private get filters(): { text: string; status: string; action: string; user: string } {
    return { text: this.params.get('text') ?? '', status: this.params.get('status') ?? '', action: this.params.get('action') ?? '', user: this.params.get('user') ?? '' }
  }

  /** Rows a page: `?limit=` in the URL, else PAGE_SIZE. */
  private get pageSize(): number {
    const n = Number(this.params.get('limit'))
    return Number.isInteger(n) && n > 0 && n <= 500 ? n : PAGE_SIZE
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void api.actions().then((r) => {
      const names = new Map(this.actionNames)
      for (const a of [...r.actions.filter((x) => x.kind === 'action' || x.hasHandler !== false), ...r.workflows]) names.set(a.slug, a.name)
      this.actionNames = names
    }, () => {})
    // A run started or changed status: refetch what is shown (a burst of pushes, one request).
    this.stopLive = subscribeLive((e) => {
      if (e.type !== 'tx') return
      clearTimeout(this.refetchTimer)
      this.refetchTimer = setTimeout(() => void this.load({ keep: true }), 150)
    })
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.stopLive?.()
    clearTimeout(this.searchTimer)
    clearTimeout(this.refetchTimer)
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('params')) void this.load() // the first update too
  }

  /** The first page for the current filters; `keep` asks for as many rows as are shown (a refetch after a push). */
  private async load({ keep = false } = {}): Promise<void> {
    const n = ++this.loads
    const f = this.filters
    const q: HistoryQuery = { text: f.text, status: f.status, action: f.action, user: f.user, limit: keep ? Math.max(this.pageSize, this.items?.length ?? 0) : this.pageSize }
    this.loading = true
    try {
      const page = await api.history(q)
      if (n !== this.loads) return
      this.items = page.items
      this.total = page.total
      this.next = page.next
      this.error = undefined
      this.learnNames(page.items)
    } catch (e) {
      if (n === this.loads) this.error = `Could not read History: ${(e as Error).message}`
    } finally {
      if (n === this.loads) this.loading = false
    }
  }

  private async more(): Promise<void> {
    if (!this.next) return
    const n = ++this.loads
    const f = this.filters
    try {
      const page = await api.history({ text: f.text, status: f.status, action: f.action, user: f.user, limit: this.pageSize, cursor: this.next })
      if (n !== this.loads) return
      this.items = [...(this.items ?? []), ...page.items]
      this.total = page.total
      this.next = page.next
      this.learnNames(page.items)
    } catch (e) {
      if (n === this.loads) this.error = `Could not read more of History: ${(e as Error).message}`
    }
  }

  private learnNames(items: HistorySummary[]): void {
    if (items.every((i) => this.actionNames.has(i.slug))) return
    const names = new Map(this.actionNames)
    for (const i of items) if (!names.has(i.slug)) names.set(i.slug, i.actionName)
    this.actionNames = names
  }

  /** Changes one filter in the URL (replaced: filters are not steps to go back through). */
  private setFilter(key: 'text' | 'status' | 'action' | 'user', value: string): void {
    const p = new URLSearchParams(this.params)
    if (value) p.set(key, value)
    else p.delete(key)
    const qs = p.toString()
    navigate(`/history${qs ? `?${qs}` : ''}`, { replace: true })
  }

  private onText(e: Event, key: 'text' | 'user' = 'text'): void {
    const value = (e.target as HTMLInputElement).value.trim()
    clearTimeout(this.searchTimer)
    this.searchTimer = setTimeout(() => this.setFilter(key, value), 250)
  }

  private renderRow(r: HistorySummary) {
    const href = isFinished(r.status) || r.unreadable ? `/history/${encodeURIComponent(r.id)}` : `/tx/${encodeURIComponent(r.id)}`
    return html`<tr data-testid="history-row" data-id=${r.id}>
      <td><a href=${href} @click=${onLinkClick}>${r.actionName || r.slug}</a>${r.trigger === 'schedule' ? html` <span class="badge outline" data-testid="scheduled-tag" title="Started by a schedule">scheduled</span>` : nothing}${r.trigger === 'queue' ? html` <span class="badge outline" data-testid="inbox-tag" title="Opened from an Inbox">from Inbox</span>` : nothing}${r.unreadable ? html`<div class="muted">${r.unreadable}</div>` : nothing}</td>
      <td><span class="status status-${r.status}">${STATUS_LABELS[r.status as TxStatus] ?? r.status}</span></td>
      <td>${r.email
        ? html`<button class="person-filter" title=${`Show only runs by ${r.email}`} @click=${() => this.setFilter('user', r.email!)}>${r.user}</button>`
        : r.user}</td>
      <td><time datetime=${r.startedAt}>${formatTime(r.startedAt)}</time></td>
      <td class="num">${r.endedAt ? formatDuration(r.startedAt, r.endedAt) : ''}</td>
    </tr>`
  }

  override render() {
    const f = this.filters
    const actions = [...this.actionNames].sort((a, b) => a[1].localeCompare(b[1]))
    return html`<div class="page">
      <h1>History</h1>
      <div class="toolbar" role="search">
        <input type="search" aria-label="Search History" placeholder="Search History" .value=${f.text} @input=${this.onText}>
        <select aria-label="Status" @change=${(e: Event) => this.setFilter('status', (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!f.status}>Any status</option>
          ${TX_STATUSES.map((s) => html`<option value=${s} ?selected=${f.status === s}>${STATUS_LABELS[s]}</option>`)}
        </select>
        <select aria-label="Action" @change=${(e: Event) => this.setFilter('action', (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!f.action}>Any action</option>
          ${actions.map(([slug, name]) => html`<option value=${slug} ?selected=${f.action === slug}>${name}</option>`)}
          ${f.action && !this.actionNames.has(f.action) ? html`<option value=${f.action} selected>${f.action}</option>` : nothing}
        </select>
        <input type="search" class="person" aria-label="Person" placeholder="Person (email)" .value=${f.user} @input=${(e: Event) => this.onText(e, 'user')}>
      </div>
      ${this.error ? html`<p class="error-box" role="alert">${this.error}</p>` : nothing}
      ${this.items === undefined && !this.error ? html`<p class="empty">Loading History…</p>` : nothing}
      ${this.items && !this.items.length
        ? html`<p class="empty" data-testid="history-empty">${f.text || f.status || f.action || f.user ? 'No run matches these filters.' : 'No transactions yet. Run an action and it appears here.'}</p>`
        : nothing}
      ${this.items?.length
        ? html`<table aria-label="Transactions">
            <thead><tr><th>Action</th><th>Status</th><th>Run by</th><th>Started</th><th class="num">Duration</th></tr></thead>
            <tbody>${this.items.map((r) => this.renderRow(r))}</tbody>
          </table>
          <div class="more">
            <span class="muted" data-testid="history-count">${this.items.length} of ${this.total} ${this.total === 1 ? 'run' : 'runs'}</span>
            ${this.next ? html`<button class="more-button" @click=${() => void this.more()}>Show more</button>` : nothing}
          </div>`
        : nothing}
    </div>`
  }
}
customElement('mi-history-list', MiHistoryList)
