// The dashboard: every action and workflow of the served folder, grouped as
// the Actions tree groups them (folders, Interval pages, workflows), with a
// search box. A click runs one and opens its transaction; a broken one shows
// its error instead. Refetched when the server pushes an `actions` event.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import { customElement } from '../components/define'
import { baseStyles } from '../app/styles'
import { api, type ActionItem, type WorkflowItem } from './api'
import { countLeaves, dashboardTree, filterTree, type DashNode } from './dashboard-tree'
import { subscribeLive } from './live'
import { navigate } from './router'
import { pageStyles } from './styles'

export class MiDashboard extends LitElement {
  static override styles = [baseStyles, pageStyles, css`
    .group { display: flex; flex-direction: column; gap: 2px; }
    .group .group { margin-left: 16px; }
    .group-title { display: flex; align-items: center; gap: 8px; margin: 10px 0 4px; }
    .group-title h2, .group-title h3 { font-size: 13px; font-weight: 600; }
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 2px; }
    .item {
      display: flex; align-items: baseline; gap: 10px; width: 100%; text-align: left; box-sizing: border-box;
      font: inherit; color: var(--vscode-foreground); background: transparent; border: 1px solid transparent;
      border-radius: 3px; padding: 6px 10px; cursor: pointer;
    }
    button.item:hover { background: var(--vscode-list-hoverBackground); }
    button.item:disabled { cursor: default; opacity: 0.7; }
    .item .icon { width: 14px; flex: none; text-align: center; color: var(--vscode-textLink-foreground); }
    .item .name { font-weight: 600; }
    .item .desc { color: var(--vscode-descriptionForeground); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; min-width: 0; }
    .item .slug { color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); font-size: 12px; margin-left: auto; }
    .broken { cursor: default; border-color: var(--vscode-inputValidation-errorBorder); display: block; }
    .broken .icon { color: var(--vscode-errorForeground); }
    .broken pre { margin-top: 6px; }
    .broken .row { display: flex; align-items: baseline; gap: 10px; }
    .run-error { margin: 4px 10px 6px; }
    .item.page-run { width: auto; font-size: 12px; padding: 2px 8px; border-color: var(--vscode-button-border, var(--vscode-widget-border)); }
    .count { color: var(--vscode-descriptionForeground); }
    /* A phone: the name and its description on their own, the slug left to the tooltip. */
    @media (max-width: 600px) {
      .item .slug { display: none; }
      .item .desc { white-space: normal; }
    }
  `]
  static override properties = {
    actions: { state: true }, workflows: { state: true }, query: { state: true }, error: { state: true },
    starting: { state: true }, runError: { state: true },
  }
  declare actions: ActionItem[] | undefined
  declare workflows: WorkflowItem[]
  declare query: string
  declare error: string | undefined
  /** The slug being started (its button is disabled meanwhile). */
  declare starting: string | undefined
  declare runError: { slug: string; message: string } | undefined
  private stopLive?: () => void
  private loads = 0

  constructor() {
    super()
    this.actions = undefined
    this.workflows = []
    this.query = new URLSearchParams(location.search).get('q') ?? ''
    this.error = undefined
    this.starting = undefined
    this.runError = undefined
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
    this.stopLive = subscribeLive((e) => { if (e.type === 'actions') void this.load() })
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.stopLive?.()
  }

  private async load(): Promise<void> {
    const n = ++this.loads
    try {
      const r = await api.actions()
      if (n !== this.loads) return // a newer load is on its way
      this.actions = r.actions
      this.workflows = r.workflows
      this.error = undefined
    } catch (e) {
      if (n === this.loads) this.error = `Could not list the actions: ${(e as Error).message}`
    }
  }

  private async run(slug: string): Promise<void> {
    if (this.starting) return
    this.starting = slug
    this.runError = undefined
    try {
      const { id } = await api.run(slug)
      navigate(`/tx/${encodeURIComponent(id)}`)
    } catch (e) {
      this.runError = { slug, message: (e as Error).message }
    } finally {
      this.starting = undefined
    }
  }

  private onSearch(e: Event): void {
    this.query = (e.target as HTMLInputElement).value
    // Kept in the URL (replaced, not pushed) so a reload or a shared link keeps it.
    const url = this.query ? `/?q=${encodeURIComponent(this.query)}` : '/'
    history.replaceState(null, '', url)
  }

  private renderRunError(slug: string): TemplateResult | typeof nothing {
    return this.runError?.slug === slug ? html`<p class="error-box run-error" role="alert">Could not start it: ${this.runError.message}</p>` : nothing
  }

  private renderLeaf(n: DashNode & { kind: 'action' | 'workflow' }): TemplateResult {
    const i = n.item
    const workflow = n.kind === 'workflow'
    const problem = n.kind === 'workflow' ? n.item.problem : n.item.error
    if (i.state === 'broken') {
      return html`<li><div class="item broken" data-testid="broken" aria-label=${`${i.name} (broken)`}>
        <div class="row"><span class="icon" aria-hidden="true">✕</span><span class="name">${i.name}</span>
          <span class="badge outline">broken</span><span class="slug">${i.relPath}</span></div>
        <pre>${problem ?? 'It cannot be loaded.'}</pre>
      </div></li>`
    }
    const loading = i.state === 'loading'
    return html`<li>
      <button class="item" data-testid=${workflow ? 'workflow' : 'action'} data-slug=${i.slug}
        aria-label=${i.name} title=${`Run ${i.name} (${i.slug})`}
        ?disabled=${loading || this.starting === i.slug} @click=${() => void this.run(i.slug)}>
        <span class="icon" aria-hidden="true">${workflow ? '◇' : '▶'}</span>
        <span class="name">${i.name}</span>
        ${workflow ? html`<span class="badge outline">workflow</span>` : nothing}
        <span class="desc">${loading ? 'Loading…' : (i.description ?? '')}</span>
        <span class="slug">${i.slug}</span>
      </button>
      ${this.renderRunError(i.slug)}
    </li>`
  }

  private renderNode(n: DashNode, depth: number): TemplateResult {
    if (n.kind !== 'group') return this.renderLeaf(n)
    const page = n.page
    const title = depth === 0 ? html`<h2>${n.label}</h2>` : html`<h3>${n.label}</h3>`
    return html`<li><section class="group" data-testid="group" aria-label=${n.label}>
      <div class="group-title">${title}
        ${page ? html`<span class="badge outline">page</span>` : nothing}
        ${page?.description ? html`<span class="muted">${page.description}</span>` : nothing}
        ${page?.state === 'ready' && page.hasHandler !== false
          ? html`<button class="page-run item" aria-label=${`Open ${page.name}`} @click=${() => void this.run(page.slug)}>Open page</button>`
          : nothing}
      </div>
      ${page?.state === 'broken' ? html`<pre class="error-box">${page.error ?? 'This page cannot be loaded.'}</pre>` : nothing}
      ${page ? this.renderRunError(page.slug) : nothing}
      <ul>${n.children.map((c) => this.renderNode(c, depth + 1))}</ul>
    </section></li>`
  }

  /** Actions at the folder's top level: under a heading of their own when there are groups above them. */
  private renderLoose(shown: DashNode[]): TemplateResult | typeof nothing {
    const loose = shown.filter((n) => n.kind !== 'group')
    if (!loose.length) return nothing
    const list = html`<ul>${loose.map((n) => this.renderNode(n, 0))}</ul>`
    return loose.length === shown.length ? list : html`<section class="group" aria-label="Other actions">
      <div class="group-title"><h2>Other actions</h2></div>${list}</section>`
  }

  override render() {
    const all = this.actions ? dashboardTree(this.actions, this.workflows) : []
    const shown = filterTree(all, this.query)
    const total = countLeaves(all)
    return html`<div class="page">
      <h1>Actions</h1>
      <div class="toolbar" role="search">
        <input type="search" aria-label="Search actions" placeholder="Search actions" .value=${this.query} @input=${this.onSearch}>
        ${this.actions ? html`<span class="count" data-testid="count">${this.query ? `${countLeaves(shown)} of ${total}` : `${total}`} ${total === 1 ? 'action' : 'actions'}</span>` : nothing}
      </div>
      ${this.error ? html`<p class="error-box" role="alert">${this.error}</p>` : nothing}
      ${!this.actions && !this.error ? html`<p class="empty">Loading the actions…</p>` : nothing}
      ${this.actions && !total ? html`<p class="empty">This folder has no actions yet: add a <code>*.action.ts</code> file and it appears here.</p>` : nothing}
      ${this.actions && total && !shown.length ? html`<p class="empty" data-testid="no-match">No action matches “${this.query}”.</p>` : nothing}
      <ul class="tree">${shown.filter((n) => n.kind === 'group').map((n) => this.renderNode(n, 0))}</ul>
      ${this.renderLoose(shown)}
    </div>`
  }
}
customElement('mi-dashboard', MiDashboard)
