// The browser app's frame: the header (name, Actions, Inbox with its count, History, People for
// admins; who is signed in, and Sign out), the
// "reconnecting…" bar while a stream to the server is down, and the page
// for the current URL (the server returns this same page for each of them).
import { LitElement, css, html } from 'lit'
import { keyed } from 'lit/directives/keyed.js'
import { customElement } from '../components/define'
import { baseStyles } from '../app/styles'
import { api, type Me } from './api'
import { CONNECTION_EVENT, isReconnecting } from './connection'
import { NAVIGATE_EVENT, onLinkClick, parseRoute, type Route } from './router'
import { pageStyles } from './styles'
import './mi-dashboard'
import './mi-history-list'
import './mi-history-page'
import './mi-tx-page'
import './mi-people'
import './mi-schedules'
import './mi-notices'
import './mi-inbox'
import { subscribeLive } from './live'

export class MiWeb extends LitElement {
  static override styles = [baseStyles, pageStyles, css`
    :host { display: block; min-height: 100vh; }
    header {
      display: flex; align-items: center; gap: 20px; padding: 0 20px; height: 44px;
      background: var(--vscode-sideBar-background); border-bottom: 1px solid var(--vscode-panel-border);
    }
    .brand { font-weight: 600; font-size: 14px; color: var(--vscode-foreground); text-decoration: none; }
    nav { display: flex; gap: 4px; }
    nav a { color: var(--vscode-foreground); text-decoration: none; padding: 6px 10px; border-radius: 3px; }
    nav a:hover { background: var(--vscode-list-hoverBackground); color: var(--vscode-foreground); }
    nav a[aria-current='page'] { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
    .bar {
      padding: 6px 20px; color: var(--vscode-foreground);
      background: var(--vscode-inputValidation-warningBackground, var(--vscode-editorWidget-background));
      border-bottom: 1px solid var(--vscode-inputValidation-warningBorder);
    }
    main { padding: 0 20px; }
    .who { margin-left: auto; display: flex; align-items: center; gap: 10px; color: var(--vscode-descriptionForeground); font-size: 12px; }
    .who .name { color: var(--vscode-foreground); }
    .who button {
      font: inherit; color: var(--vscode-foreground); background: transparent; cursor: pointer;
      border: 1px solid var(--vscode-widget-border); border-radius: 3px; padding: 3px 10px;
    }
    .who button:hover { background: var(--vscode-list-hoverBackground); }
    nav a .count { margin-left: 6px; font-size: 11px; padding: 0 6px; border-radius: 10px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
    @media (max-width: 600px) { .who .name { display: none; } }
  `]
  static override properties = { route: { state: true }, reconnecting: { state: true }, me: { state: true }, inboxCount: { state: true } }
  declare route: Route
  declare reconnecting: boolean
  declare me: Me | undefined
  /** Open items in the signed-in person's Inbox (the nav link's badge); auditors have none. */
  declare inboxCount: number
  private stopLive?: () => void

  constructor() {
    super()
    this.route = parseRoute(location.pathname, location.search)
    this.reconnecting = false
    this.me = undefined
    this.inboxCount = 0
    void api.me().then((me) => {
      this.me = me
      void this.countInbox()
    }, () => {})
  }

  private async countInbox(): Promise<void> {
    if (!this.me || this.me.role === 'auditor') return
    try {
      this.inboxCount = (await api.inbox()).items.length
    } catch {
      // the badge keeps its last count; the Inbox page says what went wrong
    }
  }

  private async signOut(): Promise<void> {
    await api.signOut().catch(() => {})
    location.assign('/signin?out=1')
  }

  private readonly onNavigate = (): void => {
    this.route = parseRoute(location.pathname, location.search)
  }
  private readonly onConnection = (): void => {
    this.reconnecting = isReconnecting()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('popstate', this.onNavigate)
    window.addEventListener(NAVIGATE_EVENT, this.onNavigate)
    window.addEventListener(CONNECTION_EVENT, this.onConnection)
    // The badge follows the server: `actions` also comes after a reconnect, when anything may have changed.
    this.stopLive = subscribeLive((e) => void ((e.type === 'inbox' || e.type === 'actions') && this.countInbox()))
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('popstate', this.onNavigate)
    window.removeEventListener(NAVIGATE_EVENT, this.onNavigate)
    window.removeEventListener(CONNECTION_EVENT, this.onConnection)
    this.stopLive?.()
  }

  private page() {
    const r = this.route
    switch (r.name) {
      case 'dashboard':
        document.title = 'Actions · Mini Interval'
        return html`<mi-dashboard></mi-dashboard>`
      case 'tx':
        return keyed(r.id, html`<mi-tx-page .txId=${r.id}></mi-tx-page>`)
      case 'history':
        document.title = 'History · Mini Interval'
        return html`<mi-history-list .params=${r.params}></mi-history-list>`
      case 'historyEntry':
        return keyed(r.id, html`<mi-history-page .entryId=${r.id} .me=${this.me}></mi-history-page>`)
      case 'inbox':
        return html`<mi-inbox .me=${this.me}></mi-inbox>`
      case 'people':
        return html`<mi-people></mi-people>`
      case 'schedules':
        return html`<mi-schedules ?canManage=${this.me?.role === 'admin' || this.me?.role === 'developer'}></mi-schedules>`
      default:
        document.title = 'Not found · Mini Interval'
        return html`<div class="page"><h1>Not found</h1><p>Nothing lives at <code>${r.path}</code>. <a href="/" @click=${onLinkClick}>Go to the actions</a>.</p></div>`
    }
  }

  override render() {
    const section = this.route.name === 'history' || this.route.name === 'historyEntry' ? 'history' : this.route.name === 'dashboard' ? 'actions' : this.route.name
    const me = this.me
    return html`
      <header>
        <a class="brand" href="/" @click=${onLinkClick}>Mini Interval</a>
        <nav aria-label="Main">
          <a href="/" @click=${onLinkClick} aria-current=${section === 'actions' ? 'page' : 'false'}>Actions</a>
          ${me && me.role !== 'auditor'
            ? html`<a href="/inbox" @click=${onLinkClick} aria-current=${section === 'inbox' ? 'page' : 'false'} data-testid="nav-inbox"
                aria-label=${this.inboxCount ? `Inbox, ${this.inboxCount} waiting` : 'Inbox'}>Inbox${this.inboxCount ? html`<span class="count" data-testid="inbox-count">${this.inboxCount}</span>` : ''}</a>`
            : ''}
          <a href="/history" @click=${onLinkClick} aria-current=${section === 'history' ? 'page' : 'false'}>History</a>
          <a href="/schedules" @click=${onLinkClick} aria-current=${section === 'schedules' ? 'page' : 'false'}>Schedules</a>
          ${me?.managesPeople ? html`<a href="/people" @click=${onLinkClick} aria-current=${section === 'people' ? 'page' : 'false'}>People</a>` : ''}
        </nav>
        ${me
          ? html`<div class="who" data-testid="who">
              <span class="name">${me.bootstrap ? 'Shared token' : `${me.user.firstName} ${me.user.lastName}`.trim() || me.user.email}</span>
              <span class="badge outline">${me.role}</span>
              <mi-notices></mi-notices>
              <button @click=${() => void this.signOut()}>Sign out</button>
            </div>`
          : ''}
      </header>
      ${this.reconnecting ? html`<div class="bar" role="status" data-testid="reconnecting">Reconnecting to the server…</div>` : ''}
      <main>${this.page()}</main>`
  }
}
customElement('mi-web', MiWeb)
