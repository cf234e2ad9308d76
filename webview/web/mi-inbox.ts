// /inbox: the actions queued for the signed-in person (to them, to one of
// their teams, or to anyone who may run it): what, from whom and when, with
// its params. Open starts its run as them (or shows the run already going:
// a scheduled run waiting for its owner, a workflow's step) and goes to it;
// who queued it (or an admin) may withdraw it while nobody opened it; what
// they queued for others is listed below theirs. Both lists follow the
// server's `inbox` events.
import { LitElement, css, html, nothing } from 'lit'
import { customElement } from '../components/define'
import { baseStyles } from '../app/styles'
import { formatTime, isPlainObject } from '../app/format'
import { api, type Me, type QueuedAction } from './api'
import { subscribeLive } from './live'
import { navigate, onLinkClick } from './router'
import { busyWhile } from './busy'
import { buttonStyles, pageStyles } from './styles'

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s)

/** A few `key: value` pairs of the params, each cut short: enough to tell two items apart. */
export function paramsSummary(params: Record<string, unknown>, max = 4): string {
  const keys = Object.keys(params)
  if (!keys.length) return ''
  const shown = keys.slice(0, max).map((k) => {
    const v = params[k]
    return `${k}: ${cut(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v), 40)}`
  })
  return shown.join(', ') + (keys.length > max ? `, +${keys.length - max} more` : '')
}

/** Where an item came from, in words. */
function origin(item: QueuedAction): string {
  switch (item.source.kind) {
    case 'workflow':
      return `a step of a workflow (${item.source.step})`
    case 'schedule':
      return 'its schedule: the run waits for you'
    case 'ctx':
      return 'an action it ran'
    default:
      return ''
  }
}

export class MiInbox extends LitElement {
  static override styles = [baseStyles, pageStyles, buttonStyles, css`
    table { width: 100%; border-collapse: collapse; }
    th { text-align: left; font-weight: 600; color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border); }
    td { border-bottom: 1px solid var(--vscode-panel-border); vertical-align: top; }
    th, td { padding: 8px 12px 8px 0; }
    .title { font-weight: 600; }
    .sub { color: var(--vscode-descriptionForeground); font-size: 12px; margin-top: 2px; }
    .params { font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; word-break: break-word; }
    .params .muted { font-family: var(--vscode-font-family); }
    td.actions { white-space: nowrap; text-align: right; }
    td.actions button + button { margin-left: 6px; }
    button:disabled { opacity: 0.6; cursor: default; }
    .muted { color: var(--vscode-descriptionForeground); }
  `]
  static override properties = { me: { attribute: false }, items: { state: true }, sent: { state: true }, names: { state: true }, error: { state: true }, busy: { state: true } }
  declare me: Me | undefined
  declare items: QueuedAction[] | undefined
  /** Open items they queued for someone else. */
  declare sent: QueuedAction[]
  /** Action and workflow names by slug (the listing), for items without a title. */
  declare names: Map<string, string>
  declare error: string | undefined
  /** The item being opened or withdrawn. */
  declare busy: string | undefined
  private unsubscribe?: () => void

  constructor() {
    super()
    this.me = undefined
    this.items = undefined
    this.sent = []
    this.names = new Map()
    this.error = undefined
    this.busy = undefined
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.title = 'Inbox · Mini Interval'
    void this.load()
    void api.actions().then((l) => (this.names = new Map([...l.actions, ...l.workflows].map((a) => [a.slug, a.name]))), () => {})
    // `actions` also comes after the stream reconnects: anything may have changed meanwhile.
    this.unsubscribe = subscribeLive((e) => void ((e.type === 'inbox' || e.type === 'actions') && this.load()))
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.unsubscribe?.()
  }

  /** `keepError`: a reload after a failed action keeps its message (the list may say why, e.g. the item is gone). */
  private async load(keepError = false): Promise<void> {
    try {
      const [inbox, created] = await Promise.all([api.inbox(), api.queuedByMe()])
      const mine = new Set(inbox.items.map((i) => i.id))
      this.items = inbox.items
      this.sent = created.items.filter((i) => !mine.has(i.id))
      if (!keepError) this.error = undefined
    } catch (e) {
      this.error = (e as Error).message
    }
  }

  private async open(item: QueuedAction): Promise<void> {
    await busyWhile(this, item.id, undefined, async () => {
      const { id } = await api.openQueued(item.id)
      navigate(`/tx/${encodeURIComponent(id)}`)
    }, () => this.load(true))
  }

  private async withdraw(item: QueuedAction): Promise<void> {
    if (!confirm(`Withdraw "${this.titleOf(item)}"? It leaves every Inbox.`)) return
    await busyWhile(this, item.id, undefined, async () => {
      await api.withdrawQueued(item.id)
      await this.load()
    })
  }

  private titleOf(item: QueuedAction): string {
    return item.title ?? this.names.get(item.slug) ?? item.slug
  }

  private mayWithdraw(item: QueuedAction): boolean {
    const me = this.me
    return item.state === 'waiting' && !!me && (me.role === 'admin' || me.user.email.toLowerCase() === item.createdBy.toLowerCase())
  }

  private forWhom(item: QueuedAction, sent: boolean) {
    if (item.assignee) return sent ? html`for <strong>${item.assignee}</strong>` : 'for you'
    return item.team ? html`for team <strong>${item.team}</strong>` : 'for anyone who may run it'
  }

  private row(item: QueuedAction, sent = false) {
    const name = this.names.get(item.slug) ?? item.slug
    const from = origin(item)
    // A workflow step's params are the workflow's plumbing (results of other steps): its input says what it is about.
    const input = item.source.kind === 'workflow' ? item.params.input : undefined
    const params = paramsSummary(isPlainObject(input) ? input : item.source.kind === 'workflow' ? {} : item.params)
    const busy = this.busy !== undefined
    return html`<tr data-testid=${sent ? 'sent-item' : 'inbox-item'} data-id=${item.id}>
      <td>
        <div class="title">${this.titleOf(item)}</div>
        <div class="sub">${item.title ? html`${name} · ` : nothing}${this.forWhom(item, sent)}</div>
      </td>
      <td><div>${sent ? 'you' : item.createdBy}</div>${from ? html`<div class="sub">${from}</div>` : nothing}</td>
      <td class="sub"><time datetime=${item.createdAt}>${formatTime(item.createdAt)}</time>
        ${item.state === 'started' ? html`<div><span class="badge">opened${item.startedBy ? ` by ${item.startedBy}` : ''}</span></div>` : nothing}</td>
      <td class="params">${params || html`<span class="muted">no params</span>`}</td>
      <td class="actions">
        ${sent ? nothing : html`<button class="primary" ?disabled=${busy} @click=${() => void this.open(item)}>${item.state === 'started' ? 'Go to it' : 'Open'}</button>`}
        ${this.mayWithdraw(item) ? html`<button class="danger" ?disabled=${busy} @click=${() => void this.withdraw(item)}>Withdraw</button>` : nothing}
      </td>
    </tr>`
  }

  override render() {
    const items = this.items
    return html`<div class="page">
      <h1>Inbox</h1>
      <p class="muted">Actions queued for you or your teams. Opening one runs it as you, with the params it was queued with. To queue one, use <strong>Queue for…</strong> on a run in <a href="/history" @click=${onLinkClick}>History</a>.</p>
      ${this.error ? html`<p class="error-box" role="alert">${this.error}</p>` : nothing}
      ${items === undefined && !this.error ? html`<p class="empty">Loading your inbox…</p>` : nothing}
      ${items?.length
        ? html`<table aria-label="Inbox">
            <thead><tr><th>What</th><th>From</th><th>When</th><th>Params</th><th></th></tr></thead>
            <tbody>${items.map((i) => this.row(i))}</tbody>
          </table>`
        : nothing}
      ${items && !items.length ? html`<p class="empty" data-testid="inbox-empty">Nothing waits for you.</p>` : nothing}
      ${this.sent.length
        ? html`<h2>You queued</h2>
            <table aria-label="You queued">
              <thead><tr><th>What</th><th>From</th><th>When</th><th>Params</th><th></th></tr></thead>
              <tbody>${this.sent.map((i) => this.row(i, true))}</tbody>
            </table>`
        : nothing}
    </div>`
  }
}
customElement('mi-inbox', MiInbox)
