// io.display.grid: items as cards in a CSS grid (image on top, label,
// description), a filter box, pages, each card a link when it has a url or
// route, and its menu behind "⋯". Items come from the table store, or page by
// page from getData when `async`.
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import type { Component, GridItemWire, TablePropsWire } from '../../src/core/protocol'
import { displayStyles } from '../app/display-styles'
import { describeTarget, dispatchOpen, keepEnter, linkTarget, safeImageUrl } from '../app/links'
import { baseStyles } from '../app/styles'
import { spinner } from '../primitives'
import { customElement } from './define'
import { nativeStyles } from './native-styles'
import { cssVars } from './table/position'
import { MenuController } from './table/menu-controller'
import { RowsController } from './table/rows-controller'
import { menuEntry } from './table/row-menu'
import { tableStore } from './table/store'
import { tableStyles } from './table/styles'
import './table/row-menu'

const DEFAULT_PAGE = 20
const SEARCH_DEBOUNCE_MS = 150
const count = new Intl.NumberFormat()

const itemText = (i: GridItemWire): string => `${i.label ?? ''}\n${i.description ?? ''}`.toLowerCase()

export class IoGrid extends LitElement {
  static override styles = [baseStyles, displayStyles, nativeStyles, tableStyles, css`
    .cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px; grid-template-columns: repeat(auto-fill, minmax(var(--mi-card-w), 1fr)); align-items: start; }
    .card {
      position: relative; display: flex; flex-direction: column; min-width: 0; overflow: hidden;
      border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent));
      border-radius: 4px;
      background: var(--vscode-editorWidget-background, var(--vscode-sideBar-background, transparent));
    }
    .card:hover { border-color: var(--vscode-focusBorder); }
    .card-body { display: flex; flex-direction: column; gap: 2px; color: inherit; text-decoration: none; min-width: 0; flex: 1; }
    a.card-body:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
    .card img { display: block; width: 100%; aspect-ratio: 16 / 10; object-fit: cover; background: var(--vscode-textCodeBlock-background); }
    .card-text { display: flex; flex-direction: column; gap: 2px; padding: 8px 10px 10px; min-width: 0; }
    .card-label { font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    a.card-body .card-label { color: var(--vscode-textLink-foreground); }
    .card-description { color: var(--vscode-descriptionForeground); overflow-wrap: anywhere; }
    .card .more {
      position: absolute; top: 6px; right: 6px;
      background: var(--vscode-editorWidget-background, var(--vscode-editor-background));
      border-color: var(--vscode-widget-border, transparent);
    }
  `]
  static override properties = { component: { attribute: false } }
  declare component: Component

  private items: GridItemWire[] | null = null
  private texts: string[] = []
  private remote: { items: GridItemWire[]; total?: number; error?: string } | null = null
  private loading = false
  private query = ''
  private page = 0
  private searchTimer: ReturnType<typeof setTimeout> | undefined
  private readonly menu = new MenuController<GridItemWire>(this)

  private get tp(): TablePropsWire {
    return this.component.props as unknown as TablePropsWire
  }
  private get isAsync(): boolean {
    return this.tp.async === true
  }
  private get pageSize(): number {
    const s = this.tp.defaultPageSize
    return typeof s === 'number' && s > 0 ? Math.floor(s) : DEFAULT_PAGE
  }

  private readonly source = new RowsController(this, {
    props: () => (this.component ? this.tp : undefined),
    onRows: (d) => {
      this.items = d.items ?? []
      this.texts = this.items.map(itemText)
      this.requestUpdate()
    },
    onAsync: () => {
      if (!this.remote) void this.fetchPage()
    },
    onNewTable: () => {
      this.query = ''
      this.page = 0
      this.items = null
      this.remote = null
      this.menu.reset()
    },
  })

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.searchTimer)
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('component')) this.source.componentChanged()
  }

  private async fetchPage(): Promise<void> {
    this.loading = true
    this.requestUpdate()
    const page = await tableStore.query(this.tp.dataId, { queryTerm: this.query.trim(), offset: this.page * this.pageSize, pageSize: this.pageSize })
    if (!page) return
    this.loading = false
    this.remote = { items: page.data.items ?? [], total: page.totalRecords, error: page.error }
    this.requestUpdate()
  }

  /** Matching items (sync) in their order. */
  private matching(): GridItemWire[] {
    const items = this.items ?? []
    const q = this.query.trim().toLowerCase()
    return q ? items.filter((_, i) => this.texts[i]!.includes(q)) : items
  }

  private onSearch(e: Event): void {
    this.query = (e.currentTarget as HTMLInputElement).value
    this.page = 0
    if (this.isAsync) {
      clearTimeout(this.searchTimer)
      this.searchTimer = setTimeout(() => void this.fetchPage(), SEARCH_DEBOUNCE_MS)
    } else this.requestUpdate()
  }

  private goToPage(page: number): void {
    this.page = page
    this.menu.reset()
    if (this.isAsync) void this.fetchPage()
    else this.requestUpdate()
  }

  private renderCard(item: GridItemWire, number: number): TemplateResult {
    const target = linkTarget(item)
    const src = item.image ? safeImageUrl(item.image.url) : null
    const content = html`${src ? html`<img src=${src} alt=${item.image?.alt ?? ''} loading="lazy" />` : nothing}
      <div class="card-text">
        ${item.label ? html`<span class="card-label" title=${item.label}>${item.label}</span>` : nothing}
        ${item.description ? html`<span class="card-description">${item.description}</span>` : nothing}
      </div>`
    const menu = Array.isArray(item.menu) ? item.menu : []
    return html`<li class="card" data-testid="grid-item">
      ${target
        ? html`<a class="card-body" href=${'url' in target ? target.url : '#'} title=${describeTarget(target)} @keydown=${keepEnter}
            @click=${(e: MouseEvent) => { e.preventDefault(); dispatchOpen(e.currentTarget as Element, target) }}>${content}</a>`
        : html`<div class="card-body">${content}</div>`}
      ${menu.length
        ? html`<button type="button" class="more" aria-label=${`Actions for ${item.label ?? `item ${number}`}`} aria-haspopup="menu"
            aria-expanded=${this.menu.isOpen(item) ? 'true' : 'false'} title="Actions"
            @click=${(e: Event) => this.menu.toggle(item, e.currentTarget as HTMLElement)}
            @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') e.stopPropagation() }}>⋯</button>`
        : nothing}
    </li>`
  }

  override render() {
    const label = this.component.label
    const ready = this.isAsync ? this.remote !== null : this.items !== null
    let shown: GridItemWire[] = []
    let total: number | undefined
    if (this.isAsync && this.remote) {
      shown = this.remote.items
      total = this.remote.total
    } else if (!this.isAsync) {
      const matching = this.matching()
      total = matching.length
      shown = matching.slice(this.page * this.pageSize, (this.page + 1) * this.pageSize)
    }
    const from = this.page * this.pageSize
    const range = shown.length === 0 ? (this.query.trim() ? 'No matching items' : 'No items')
      : `${count.format(from + 1)}–${count.format(from + shown.length)}${total !== undefined ? ` of ${count.format(total)}` : ''}`
    const hasNext = total !== undefined ? from + this.pageSize < total : shown.length >= this.pageSize
    const width = typeof this.tp.idealColumnWidth === 'number' && this.tp.idealColumnWidth > 0 ? this.tp.idealColumnWidth : 180
    const menu = this.menu.open
    return html`<div class="table">
      ${label ? html`<div class="display-label" id="label">${label}</div>` : nothing}
      ${this.tp.isFilterable
        ? html`<div class="toolbar"><input class="filter" type="search" data-testid="grid-search" autocomplete="off" spellcheck="false"
            placeholder="Search" aria-label=${`Search ${label}`} .value=${this.query} @input=${this.onSearch}
            @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') { e.preventDefault(); e.stopPropagation() } }} /></div>`
        : nothing}
      ${!ready
        ? html`<div class="state" role="status">${spinner('Loading items')}<span>Loading items…</span></div>`
        : html`<ul class="cards" role="list" aria-labelledby=${label ? 'label' : nothing} aria-busy=${this.loading ? 'true' : 'false'}
              ${cssVars({ '--mi-card-w': `${width}px` })}>
              ${shown.map((item, i) => this.renderCard(item, from + i + 1))}
            </ul>
            ${this.remote?.error ? html`<div class="state error" role="alert">Could not load items: ${this.remote.error}</div>` : nothing}
            <div class="footer"><div class="pager">
              <button type="button" class="btn secondary small" ?disabled=${this.page === 0} @click=${() => this.goToPage(this.page - 1)}>Previous</button>
              <span class="count" data-testid="grid-count" role="status" aria-live="polite">${range}</span>
              <button type="button" class="btn secondary small" ?disabled=${!hasNext} @click=${() => this.goToPage(this.page + 1)}>Next</button>
            </div></div>`}
      ${menu
        ? html`<mi-row-menu .entries=${(menu.key.menu ?? []).map(menuEntry)} label=${`${menu.key.label ?? 'Item'} actions`}
            @mi-menu-close=${(e: CustomEvent<{ restoreFocus: boolean }>) => { e.stopPropagation(); this.menu.close(e.detail.restoreFocus) }}></mi-row-menu>`
        : nothing}
    </div>`
  }
}
customElement('io-grid', IoGrid)
