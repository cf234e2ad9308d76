// /people: the server's people, for admins: add someone (and hand them their
// one-time sign-in link), change a role or teams, make a new link, remove.
// The server checks every change (only admins; the last admin stays).
import { LitElement, css, html, nothing } from 'lit'
import { customElement } from '../components/define'
import { baseStyles } from '../app/styles'
import { formatTime } from '../app/format'
import { api, ROLES, type Person, type Role } from './api'
import { busyWhile } from './busy'
import { buttonStyles, pageStyles } from './styles'

const teamsOf = (text: string): string[] => text.split(',').map((t) => t.trim()).filter(Boolean)

export class MiPeople extends LitElement {
  static override styles = [baseStyles, pageStyles, buttonStyles, css`
    form.add { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 8px; align-items: end; }
    label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--vscode-descriptionForeground); }
    input[type='email'], input[type='text'] {
      font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
      border: 1px solid var(--vscode-input-border, var(--vscode-widget-border)); border-radius: 2px; padding: 4px 6px; min-height: 26px; box-sizing: border-box;
    }
    table { width: 100%; border-collapse: collapse; }
    th { text-align: left; font-weight: 600; color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border); }
    td { border-bottom: 1px solid var(--vscode-panel-border); vertical-align: middle; }
    th, td { padding: 6px 10px 6px 0; }
    td .sub { color: var(--vscode-descriptionForeground); font-size: 12px; }
    td.actions { white-space: nowrap; text-align: right; }
    td.actions button + button { margin-left: 6px; }
    .link-box {
      display: flex; flex-direction: column; gap: 6px; padding: 10px 12px; border-radius: 3px;
      background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-focusBorder);
    }
    .link-box code { word-break: break-all; user-select: all; font-size: 12px; }
    .muted { color: var(--vscode-descriptionForeground); }
  `]
  static override properties = { people: { state: true }, error: { state: true }, link: { state: true }, busy: { state: true } }
  declare people: Person[] | undefined
  declare error: string | undefined
  /** The last link made: shown once, for the admin to hand over. */
  declare link: { email: string; url: string } | undefined
  declare busy: boolean

  constructor() {
    super()
    this.people = undefined
    this.error = undefined
    this.link = undefined
    this.busy = false
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.title = 'People · Mini Interval'
    void this.load()
  }

  private async load(): Promise<void> {
    try {
      this.people = (await api.people()).people
    } catch (e) {
      this.error = (e as Error).message
    }
  }

  private act(f: () => Promise<void>): Promise<void> {
    return busyWhile(this, true, false, async () => {
      await f()
      await this.load()
    })
  }

  private onAdd(e: SubmitEvent): void {
    e.preventDefault()
    const form = e.target as HTMLFormElement
    const data = new FormData(form)
    const email = String(data.get('email') ?? '').trim()
    const name = String(data.get('name') ?? '').trim()
    void this.act(async () => {
      const made = await api.addPerson({ email, role: data.get('role') as Role, teams: teamsOf(String(data.get('teams') ?? '')), ...(name ? { name } : {}) })
      this.link = { email: made.person.email, url: made.link }
      form.reset()
    })
  }

  private change(p: Person, role: Role, teams = p.teams): void {
    void this.act(async () => void (await api.changePerson(p.id, { role, teams })))
  }

  private removePerson(p: Person): void {
    if (!confirm(`Remove ${p.email}? Their sessions end at once.`)) return
    void this.act(async () => {
      await api.removePerson(p.id)
      if (this.link?.email === p.email) this.link = undefined
    })
  }

  private newLink(p: Person): void {
    void this.act(async () => {
      this.link = { email: p.email, url: (await api.newLink(p.id)).link }
    })
  }

  private row(p: Person) {
    return html`<tr data-testid="person" data-email=${p.email}>
      <td><div>${`${p.firstName} ${p.lastName}`.trim() || p.email}</div><div class="sub">${p.email}</div></td>
      <td><select aria-label="Role of ${p.email}" ?disabled=${this.busy} @change=${(e: Event) => this.change(p, (e.target as HTMLSelectElement).value as Role)}>
        ${ROLES.map((r) => html`<option value=${r} ?selected=${p.role === r}>${r}</option>`)}
      </select></td>
      <td><input type="text" aria-label="Teams of ${p.email}" .value=${p.teams.join(', ')} placeholder="no teams" ?disabled=${this.busy}
        @change=${(e: Event) => this.change(p, p.role, teamsOf((e.target as HTMLInputElement).value))}></td>
      <td class="sub"><time datetime=${p.addedAt}>${formatTime(p.addedAt)}</time></td>
      <td class="actions">
        <button ?disabled=${this.busy} @click=${() => this.newLink(p)}>New link</button>
        <button class="danger" ?disabled=${this.busy} @click=${() => this.removePerson(p)}>Remove</button>
      </td>
    </tr>`
  }

  override render() {
    return html`<div class="page">
      <h1>People</h1>
      <p class="muted">Who may use this server. Members run what an action's <code>access</code> allows; auditors read History and run nothing; admins manage people.</p>
      <form class="add" aria-label="Add a person" @submit=${this.onAdd}>
        <label>Email<input type="email" name="email" required autocomplete="off"></label>
        <label>Name<input type="text" name="name" placeholder="First Last" autocomplete="off"></label>
        <label>Role<select name="role" aria-label="Role">${ROLES.map((r) => html`<option value=${r} ?selected=${r === 'member'}>${r}</option>`)}</select></label>
        <label>Teams<input type="text" name="teams" placeholder="finance, ops" autocomplete="off"></label>
        <button class="primary" type="submit" ?disabled=${this.busy}>Add person</button>
      </form>
      ${this.link
        ? html`<div class="link-box" role="status" data-testid="new-link">
            <span>Sign-in link for <strong>${this.link.email}</strong>: it works once, for 24 hours. Send it to them privately.</span>
            <code>${this.link.url}</code>
          </div>`
        : nothing}
      ${this.error ? html`<p class="error-box" role="alert">${this.error}</p>` : nothing}
      ${this.people === undefined && !this.error ? html`<p class="empty">Loading people…</p>` : nothing}
      ${this.people?.length
        ? html`<table aria-label="People">
            <thead><tr><th>Person</th><th>Role</th><th>Teams</th><th>Added</th><th></th></tr></thead>
            <tbody>${this.people.map((p) => this.row(p))}</tbody>
          </table>`
        : nothing}
      ${this.people && !this.people.length ? html`<p class="empty">Nobody yet: add the first admin above (the shared token stops working then).</p>` : nothing}
    </div>`
  }
}
customElement('mi-people', MiPeople)
