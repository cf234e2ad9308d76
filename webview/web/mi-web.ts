// The browser app's frame: the header (name, Actions, History, People for
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
    @media (max-width: 600px) { .who .name { display: none; } }
  `]
  static override properties = { route: { state: true }, reconnecting: { state: true }, me: { state: true } }
  declare route: Route
  declare reconnecting: boolean
  declare me: Me | undefined

  constructor() {
    super()
    this.route = parseRoute(location.pathname, location.search)
    this.reconnecting = false
    this.me = undefined
    void api.me().then((me) => (this.me = me), () => {})
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
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('popstate', this.onNavigate)
    window.removeEventListener(NAVIGATE_EVENT, this.onNavigate)
    window.removeEventListener(CONNECTION_EVENT, this.onConnection)
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
        return keyed(r.id, html`<mi-history-page .entryId=${r.id}></mi-history-page>`)
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
