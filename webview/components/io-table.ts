// io.select.table and io.display.table: one element. Rows come from the table
// store (they do not travel in props), or page by page from the action's
// getData when `async`. Only the rows on screen exist in the DOM: a body sized
// rows × ROW_HEIGHT, rows placed by transform, re-rendered on scroll in a rAF.
// Search and sort run in TableEngine (table/engine.ts) over typed arrays.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { CellWire, MenuItemWire, TablePropsWire, TableQuery } from '../../src/core/protocol'
import { displayStyles } from '../app/display-styles'
import { spinner } from '../primitives'
import { customElement } from './define'
import { IoField } from './io-field'
import { nativeStyles } from './native-styles'
import { selectionHint } from './options'
import { cellText, isNumeric } from './table/cells'
import { TableEngine, type SortState } from './table/engine'
import { cssVars, translateY } from './table/position'
import { renderCell } from './table/render-cell'
import { MenuController } from './table/menu-controller'
import { RowsController } from './table/rows-controller'
import { menuEntry, type MenuEntry } from './table/row-menu'
import { tableStore } from './table/store'
import { HEAD_HEIGHT, ROW_HEIGHT, highlightStyles, tableStyles } from './table/styles'
import './table/row-menu'

/** Rows in view without paging, and the most a page shows before its body scrolls. */
const SCROLL_ROWS = 14
const PAGE_ROWS = 25
const OVERSCAN = 6
const CHECK_WIDTH = 36
const MORE_WIDTH = 40
const DEFAULT_PAGE = 20
const SEARCH_DEBOUNCE_MS = 150

const count = new Intl.NumberFormat()
const n = (v: number): string => count.format(v)
const plural = (v: number, one: string, many: string): string => `${n(v)} ${v === 1 ? one : many}`
const indices = (v: unknown): number[] => (Array.isArray(v) ? v.filter((i): i is number => Number.isInteger(i)) : [])

/** A page from getData. */
interface Remote { rows: CellWire[][]; menus?: (MenuItemWire[] | null)[]; total?: number; error?: string }

export class IoTable extends IoField {
  static override styles = [...IoField.styles, nativeStyles, displayStyles, tableStyles, highlightStyles]

  private rows: CellWire[][] | null = null
  private menus: (MenuItemWire[] | null)[] | undefined
  private engine: TableEngine | null = null
  private idle = 0
  private remote: Remote | null = null
  private loading = false
  private searchTimer: ReturnType<typeof setTimeout> | undefined

  private query = ''
  private sort: SortState | null = null
  private page = 0
  /** Original row indexes matching the search, in sort order (not async). */
  private view: Uint32Array = new Uint32Array(0)
  /** Position (in the shown rows) of the row holding the Tab stop. */
  private cursor = 0
  /** First row position scrolled into view. */
  private first = 0
  private scrollFrame = 0
  private widths: number[] = []
  private numeric: boolean[] = []

  private selected = new Set<number>()
  private emitted: unknown
  private notice = ''
  private allState: { key: string; value: 'true' | 'false' | 'mixed' } | null = null
  private selectionVersion = 0
  private viewVersion = 0

  private readonly menu = new MenuController<number>(this)
  private resizing = -1
  /** The prompt focused this table before its rows arrived: focus it once they do. */
  private focusWhenReady = false

  // ---- props ---------------------------------------------------------------

  private get tp(): TablePropsWire {
    return this.component.props as unknown as TablePropsWire
  }
  private get isSelect(): boolean {
    return this.component.method === 'SELECT_TABLE'
  }
  private get isAsync(): boolean {
    return this.tp.async === true && !this.isSelect
  }
  private get vertical(): boolean {
    return this.tp.orientation === 'vertical' && !this.isSelect
  }
  private get paged(): boolean {
    return this.isAsync || this.vertical || typeof this.tp.defaultPageSize === 'number'
  }
  private get pageSize(): number {
    const s = this.tp.defaultPageSize
    return typeof s === 'number' && s > 0 ? Math.floor(s) : DEFAULT_PAGE
  }
  private get columns() {
    return Array.isArray(this.tp.columns) ? this.tp.columns : []
  }
  private get hasMenus(): boolean {
    return this.tp.hasMenus === true
  }

  // ---- data ----------------------------------------------------------------

  /**
   * The search box, else the rows' Tab stop. Not left to delegatesFocus: it
   * would pick the scrolling viewport, which Chromium counts as focusable.
   */
  override focus(options?: FocusOptions): void {
    const root = this.renderRoot
    const target = ['[data-testid="table-search"]', '.body [role="row"][tabindex="0"]', '.select-all', '.sort', '.more']
      .map((s) => root?.querySelector<HTMLElement>(s))
      .find((el) => el)
    if (target) target.focus(options)
    else super.focus(options)
    this.focusWhenReady = this.isAsync ? !this.remote : !this.rows
  }

  private readonly source = new RowsController(this, {
    props: () => (this.component ? this.tp : undefined),
    // The same rows again (the element reconnected) keep the built index; new rows (a reload, the rest of a large table) load.
    onRows: (d) => {
      if (!this.rows || d.rows !== this.rows) this.load(d.rows ?? [], d.menus)
    },
    onAsync: () => {
      if (!this.remote) void this.fetchPage()
    },
    onNewTable: () => {
      this.query = ''
      this.sort = null
      this.page = 0
      this.cursor = 0
      this.first = 0
      this.notice = ''
      this.menu.reset()
      this.rows = null
      this.remote = null
      this.widths = []
    },
  })

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    cancelIdleCallback(this.idle)
    clearTimeout(this.searchTimer)
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed)
    if (changed.has('component')) this.source.componentChanged()
    if (changed.has('value') && this.value !== this.emitted) {
      this.selected = new Set(indices(this.value))
      this.selectionVersion++
    }
  }

  private load(rows: CellWire[][], menus: (MenuItemWire[] | null)[] | undefined): void {
    this.rows = rows
    this.menus = menus
    this.engine = new TableEngine(rows)
    this.measureColumns(rows)
    this.refreshView()
    this.requestUpdate()
    // The search index is built in idle time after the first paint, so the first keystroke is fast.
    cancelIdleCallback(this.idle)
    const engine = this.engine
    const step = (deadline: IdleDeadline) => {
      if (engine !== this.engine) return
      if (!engine.indexSome(() => deadline.timeRemaining() > 2)) this.idle = requestIdleCallback(step)
    }
    this.idle = requestIdleCallback(step)
  }

  /** Default widths from the header and the first rows' text; numbers are right-aligned. */
  private measureColumns(rows: CellWire[][]): void {
    const sample = rows.slice(0, 60)
    this.numeric = this.columns.map((_, c) => {
      const filled = sample.map((r) => r[c]).filter((v) => v !== null && v !== undefined && v !== '')
      return filled.length > 0 && filled.every(isNumeric)
    })
    if (this.widths.length === this.columns.length) return
    // About 7.5px a character of the 13px UI font, plus padding, the sort arrow, a pill's border or a thumbnail.
    this.widths = this.columns.map((col, c) => {
      let text = col.label.length * 8 + 44 // bold header text, the sort arrow, the resize handle
      let extra = 0
      for (const r of sample) {
        const v = r[c]
        text = Math.max(text, (cellText(v).length + 2) * 7.5 + 20) // +2: later rows may be longer
        if (typeof v === 'object' && v !== null && 'l' in v) extra = Math.max(extra, (v.hl ? 18 : 0) + (v.img ? 26 : 0))
      }
      return Math.round(Math.min(this.numeric[c] ? 180 : 320, Math.max(64, text + extra)))
    })
  }

  private refreshView(): void {
    if (!this.engine) return
    this.view = this.engine.view(this.query, this.sort)
    this.viewVersion++
    const pages = Math.max(1, Math.ceil(this.view.length / this.pageSize))
    if (this.page >= pages) this.page = pages - 1
  }

  private async fetchPage(): Promise<void> {
    const q: TableQuery = { queryTerm: this.query.trim(), offset: this.page * this.pageSize, pageSize: this.pageSize }
    if (this.sort) Object.assign(q, { sortColumn: this.sort.column, sortDirection: this.sort.direction })
    this.loading = true
    this.requestUpdate()
    const page = await tableStore.query(this.tp.dataId, q)
    if (!page) return // a newer request superseded this one
    this.loading = false
    this.remote = { rows: page.data.rows ?? [], menus: page.data.menus, total: page.totalRecords, error: page.error }
    if (this.widths.length !== this.columns.length || this.numeric.length === 0) this.measureColumns(this.remote.rows)
    this.resetScroll()
    this.requestUpdate()
  }

  // ---- what is shown -------------------------------------------------------

  /** Row ids shown now: original indexes (sync) or indexes into the fetched page (async). */
  private shown(): Uint32Array {
    if (this.isAsync) {
      const len = this.remote?.rows.length ?? 0
      const ids = new Uint32Array(len)
      for (let i = 0; i < len; i++) ids[i] = i
      return ids
    }
    if (!this.paged) return this.view
    const from = this.page * this.pageSize
    return this.view.subarray(from, from + this.pageSize)
  }

  private rowAt(id: number): CellWire[] {
    return (this.isAsync ? this.remote?.rows[id] : this.rows?.[id]) ?? []
  }

  private menuOf(id: number): MenuItemWire[] {
    const m = this.isAsync ? this.remote?.menus?.[id] : this.menus?.[id]
    return Array.isArray(m) ? m : []
  }

  /** Rows matching, all pages together (unknown for async without totalRecords). */
  private get matchingCount(): number | undefined {
    return this.isAsync ? this.remote?.total : this.view.length
  }

  /** Only a large table's first rows are here; the rest are on their way (search, sort and select-all wait). */
  private get partial(): boolean {
    return !this.isAsync && !!this.rows && typeof this.tp.rowCount === 'number' && this.rows.length < this.tp.rowCount
  }

  private countText(): string {
    if (this.partial) return `Loading ${n(this.tp.rowCount!)} rows…`
    const total = this.matchingCount
    const filtered = this.query.trim() !== ''
    if (!this.paged) return filtered ? plural(total ?? 0, 'matching row', 'matching rows') : plural(total ?? 0, 'row', 'rows')
    const len = this.shown().length
    const from = this.page * this.pageSize
    if (len === 0) return filtered ? 'No matching rows' : 'No rows'
    const range = `${n(from + 1)}–${n(from + len)}`
    return total === undefined ? `Rows ${range}` : `${range} of ${n(total)}`
  }

  private announcement(): string {
    if (this.isAsync ? !this.remote : !this.rows) return ''
    if (this.partial) return this.countText()
    const total = this.matchingCount
    const filtered = this.query.trim() !== ''
    const rows = total === undefined ? this.countText() : plural(total, filtered ? 'matching row' : 'row', filtered ? 'matching rows' : 'rows')
    return this.isSelect ? `${rows}, ${n(this.selected.size)} selected` : rows
  }

  protected override hint(): string | undefined {
    return this.isSelect ? selectionHint(this.num('minSelections'), this.num('maxSelections')) : undefined
  }

  // ---- selection -----------------------------------------------------------

  private changed(): void {
    this.selectionVersion++
    this.emitted = Array.from(Uint32Array.from(this.selected).sort())
    this.emit(this.emitted)
    this.requestUpdate()
  }

  private toggle(row: number): void {
    if (!this.isSelect || this.disabled) return
    const max = this.num('maxSelections')
    if (this.selected.has(row)) {
      this.selected.delete(row)
      this.notice = ''
    } else if (max !== undefined && this.selected.size >= max) {
      this.notice = `At most ${plural(max, 'row', 'rows')} can be chosen.`
      this.requestUpdate()
      return
    } else {
      this.selected.add(row)
      this.notice = ''
    }
    this.changed()
  }

  /** Selects every row matching the search (up to maxSelections), or deselects them when all are. */
  private toggleAll(): void {
    if (!this.isSelect || this.disabled || this.partial) return
    if (this.allChecked() === 'true') {
      for (const r of this.view) this.selected.delete(r)
      this.notice = ''
    } else {
      const max = this.num('maxSelections')
      let stopped = false
      for (const r of this.view) {
        if (this.selected.has(r)) continue
        if (max !== undefined && this.selected.size >= max) { stopped = true; break }
        this.selected.add(r)
      }
      this.notice = stopped ? `At most ${plural(max!, 'row', 'rows')} can be chosen: selected the first ${n(max!)}.` : ''
    }
    this.changed()
  }

  private clearSelection(): void {
    if (this.disabled) return
    this.selected.clear()
    this.notice = ''
    this.changed()
  }

  /** The header checkbox: every matching row selected, some, or none (cached until the view or selection changes). */
  private allChecked(): 'true' | 'false' | 'mixed' {
    const key = `${this.viewVersion}:${this.selectionVersion}`
    if (this.allState?.key === key) return this.allState.value
    let some = 0
    for (const r of this.view) if (this.selected.has(r)) some++
    const value = some === 0 ? 'false' : some === this.view.length ? 'true' : 'mixed'
    this.allState = { key, value }
    return value
  }

  // ---- search, sort, pages -------------------------------------------------

  private onSearch(e: Event): void {
    this.query = (e.currentTarget as HTMLInputElement).value
    this.page = 0
    if (this.isAsync) {
      clearTimeout(this.searchTimer)
      this.searchTimer = setTimeout(() => void this.fetchPage(), SEARCH_DEBOUNCE_MS)
      return
    }
    this.refreshView()
    this.resetScroll()
    this.requestUpdate()
  }

  private onSearchKeydown(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' && this.shown().length) {
      e.preventDefault()
      void this.moveTo(this.cursor)
    } else if (e.key === 'Enter') {
      // Enter in the search box never submits a half-filtered choice.
      e.preventDefault()
      e.stopPropagation()
    }
  }

  /** asc → desc → none. */
  private cycleSort(column: number): void {
    if (this.partial) return
    const s = this.sort
    this.sort = s?.column !== column ? { column, direction: 'asc' } : s.direction === 'asc' ? { column, direction: 'desc' } : null
    this.page = 0
    if (this.isAsync) return void this.fetchPage()
    this.refreshView()
    this.resetScroll()
    this.requestUpdate()
  }

  private goToPage(page: number): void {
    this.page = page
    this.resetScroll()
    if (this.isAsync) return void this.fetchPage()
    this.requestUpdate()
  }

  private resetScroll(): void {
    this.cursor = 0
    this.first = 0
    this.menu.reset()
    const vp = this.viewport
    if (vp) vp.scrollTop = 0
  }

  // ---- virtual body and keyboard ---------------------------------------------

  private get viewport(): HTMLElement | null {
    return this.renderRoot?.querySelector<HTMLElement>('.viewport') ?? null
  }

  private get visibleRows(): number {
    return this.paged ? PAGE_ROWS : SCROLL_ROWS
  }

  private onScroll(): void {
    // An open menu follows its row (updated() re-places it, or closes it once the row left the DOM).
    if (this.menu.open) this.requestUpdate()
    if (this.scrollFrame) return
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0
      const first = Math.floor((this.viewport?.scrollTop ?? 0) / ROW_HEIGHT)
      if (first !== this.first) {
        this.first = first
        this.requestUpdate()
      }
    })
  }

  /** Moves the Tab stop to a row position, scrolls it into view and focuses it. */
  private async moveTo(pos: number): Promise<void> {
    const len = this.shown().length
    if (!len) return
    this.cursor = Math.max(0, Math.min(len - 1, pos))
    const vp = this.viewport
    if (vp) {
      const top = this.cursor * ROW_HEIGHT
      const room = Math.max(ROW_HEIGHT, vp.clientHeight - HEAD_HEIGHT)
      if (top < vp.scrollTop) vp.scrollTop = top
      else if (top + ROW_HEIGHT > vp.scrollTop + room) vp.scrollTop = top + ROW_HEIGHT - room
      this.first = Math.floor(vp.scrollTop / ROW_HEIGHT)
    }
    this.requestUpdate()
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>(`.body [data-pos="${this.cursor}"]`)?.focus({ preventScroll: true })
  }

  private rowOf(e: Event): { pos: number; el: HTMLElement } | null {
    for (const t of e.composedPath()) {
      if (t === e.currentTarget) break
      if (t instanceof HTMLElement && t.dataset.pos !== undefined && t.getAttribute('role') === 'row') return { pos: Number(t.dataset.pos), el: t }
    }
    return null
  }

  private onBodyKeydown(e: KeyboardEvent): void {
    const hit = this.rowOf(e)
    if (!hit || e.composedPath()[0] !== hit.el) return
    const ids = this.shown()
    const page = Math.max(1, this.visibleRows - 1)
    let to = -1
    switch (e.key) {
      case 'ArrowDown': to = hit.pos + 1; break
      case 'ArrowUp': to = hit.pos - 1; break
      case 'Home': to = 0; break
      case 'End': to = ids.length - 1; break
      case 'PageDown': to = hit.pos + page; break
      case 'PageUp': to = hit.pos - page; break
      case ' ':
        e.preventDefault()
        this.toggle(ids[hit.pos]!)
        return
      case 'ContextMenu':
      case 'F10':
        if (e.key === 'F10' && !e.shiftKey) return
        if (!this.hasMenus) return
        e.preventDefault()
        this.menu.toggle(ids[hit.pos]!, hit.el.querySelector<HTMLElement>('.more') ?? hit.el)
        return
      default:
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') {
          e.preventDefault()
          this.copyRow(ids[hit.pos]!)
        }
        // Enter is left alone: the prompt submits.
        return
    }
    e.preventDefault()
    void this.moveTo(to)
  }

  private onBodyClick(e: MouseEvent): void {
    const hit = this.rowOf(e)
    if (!hit) return
    const origin = e.composedPath()[0]
    if (origin instanceof Element && origin.closest('a, button')) return
    this.cursor = hit.pos
    this.toggle(this.shown()[hit.pos]!)
    this.requestUpdate()
  }

  // ---- menus and copy --------------------------------------------------------

  private copyRow(id: number): void {
    const row = this.rowAt(id)
    const text = this.columns.map((c, i) => `${c.label}: ${cellText(row[i])}`).join('\n')
    tableStore.post({ type: 'copy', text })
  }

  private renderMenu(): TemplateResult | typeof nothing {
    const m = this.menu.open
    if (!m) return nothing
    const entries: MenuEntry[] = this.menuOf(m.key).map(menuEntry)
    const copy: MenuEntry = { label: 'Copy row', run: () => this.copyRow(m.key) }
    return html`<mi-row-menu .entries=${entries} .extra=${[copy]} label="Row actions"
      @mi-menu-close=${(e: CustomEvent<{ restoreFocus: boolean }>) => { e.stopPropagation(); this.menu.close(e.detail.restoreFocus) }}></mi-row-menu>`
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    if (this.focusWhenReady && (this.isAsync ? this.remote : this.rows)) {
      this.focusWhenReady = false
      // Only when nothing else took the focus meanwhile.
      const active = document.activeElement
      if (!active || active === document.body) this.focus()
    }
  }

  // ---- column widths -------------------------------------------------------

  private startResize(e: PointerEvent, column: number): void {
    e.preventDefault()
    e.stopPropagation()
    const handle = e.currentTarget as HTMLElement
    handle.setPointerCapture(e.pointerId)
    const startX = e.clientX
    const startW = this.widths[column] ?? 120
    this.resizing = column
    const move = (m: PointerEvent) => {
      this.widths[column] = Math.max(48, Math.round(startW + m.clientX - startX))
      this.requestUpdate()
    }
    const up = () => {
      this.resizing = -1
      handle.removeEventListener('pointermove', move)
      handle.removeEventListener('pointerup', up)
      handle.removeEventListener('pointercancel', up)
      this.requestUpdate()
    }
    handle.addEventListener('pointermove', move)
    handle.addEventListener('pointerup', up)
    handle.addEventListener('pointercancel', up)
  }

  private template(): string {
    const last = this.widths.length - 1
    const cols = this.widths.map((w, i) => (i === last ? `minmax(${w}px, 1fr)` : `${w}px`))
    return [this.isSelect ? `${CHECK_WIDTH}px` : '', ...cols, this.hasMenus ? `${MORE_WIDTH}px` : ''].filter(Boolean).join(' ')
  }

  // ---- rendering -------------------------------------------------------------

  private renderHeader(): TemplateResult {
    const all = this.isSelect ? this.allChecked() : 'false'
    return html`<div role="rowgroup"><div class="row head" role="row" aria-rowindex="1">
      ${this.isSelect
        ? html`<div role="columnheader" class="cell check">
            <span class="select-all" role="checkbox" tabindex="0" aria-checked=${all} aria-disabled=${this.disabled || this.partial ? 'true' : 'false'}
              aria-label=${this.query.trim() ? 'Select all matching rows' : 'Select all rows'}
              title=${all === 'true' ? 'Deselect these rows' : this.query.trim() ? 'Select all matching rows' : 'Select all rows'}
              @click=${() => this.toggleAll()}
              @keydown=${(e: KeyboardEvent) => { if (e.key === ' ') { e.preventDefault(); this.toggleAll() } }}
            ><span class="indicator" aria-hidden="true"><span class="mark"></span><span class="dash"></span></span></span>
          </div>`
        : nothing}
      ${this.columns.map((col, i) => this.renderColumnHeader(col.label, i))}
      ${this.hasMenus ? html`<div role="columnheader" class="cell more-cell"><span class="visually-hidden">Actions</span></div>` : nothing}
    </div></div>`
  }

  private sortState(i: number): 'ascending' | 'descending' | 'none' {
    return this.sort?.column === i ? (this.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'
  }

  private sortControl(label: string, i: number): TemplateResult {
    if (!this.tp.isSortable) return html`<span class="head-label">${label}</span>`
    const dir = this.sort?.column === i ? this.sort.direction : null
    return html`<button type="button" class="sort" data-testid="sort-${i}" title=${`Sort by ${label}`} ?disabled=${this.partial} @click=${() => this.cycleSort(i)}>
      <span class="label">${label}</span><span class="arrow" aria-hidden="true">${dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}</span>
    </button>`
  }

  private renderColumnHeader(label: string, i: number): TemplateResult {
    return html`<div role="columnheader" class=${this.numeric[i] ? 'cell num' : 'cell'} aria-sort=${this.sortState(i)} title=${label}>
      ${this.sortControl(label, i)}
      <span class="resize ${this.resizing === i ? 'active' : ''}" aria-hidden="true" @pointerdown=${(e: PointerEvent) => this.startResize(e, i)}></span>
    </div>`
  }

  private renderRow(ids: Uint32Array, pos: number, offset: number): TemplateResult {
    const id = ids[pos]!
    const row = this.rowAt(id)
    const active = pos === this.cursor
    const selected = this.isSelect && this.selected.has(id)
    return html`<div class="row" role="row" data-testid="table-row" data-pos=${pos}
      aria-rowindex=${offset + pos + 2} aria-selected=${this.isSelect ? String(selected) : nothing}
      tabindex=${active ? 0 : -1} ${translateY(pos * ROW_HEIGHT)}
      @focus=${() => { this.cursor = pos }}>
      ${this.isSelect ? html`<div role="gridcell" class="cell check"><span class="indicator" aria-hidden="true"><span class="mark"></span></span></div>` : nothing}
      ${this.columns.map((_, c) => renderCell(row[c], this.numeric[c] ?? false, active))}
      ${this.hasMenus
        ? html`<div role="gridcell" class="cell more-cell">${this.moreButton(id, offset + pos + 1, active)}</div>`
        : nothing}
    </div>`
  }

  private moreButton(id: number, rowNumber: number, tabbable: boolean): TemplateResult {
    const open = this.menu.isOpen(id)
    return html`<button type="button" class="more" aria-label=${`Actions for row ${rowNumber}`} aria-haspopup="menu" aria-expanded=${open ? 'true' : 'false'}
      tabindex=${tabbable ? 0 : -1} title="Actions"
      @click=${(e: Event) => { e.stopPropagation(); this.menu.toggle(id, e.currentTarget as HTMLElement) }}
      @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') e.stopPropagation() }}>⋯</button>`
  }

  private renderBody(ids: Uint32Array, offset: number): TemplateResult {
    const start = Math.max(0, this.first - OVERSCAN)
    const end = Math.min(ids.length, this.first + this.visibleRows + OVERSCAN)
    const positions: number[] = []
    // The row holding the Tab stop stays in the DOM even when scrolled away.
    if (this.cursor < start && this.cursor < ids.length) positions.push(this.cursor)
    for (let p = start; p < end; p++) positions.push(p)
    if (this.cursor >= end && this.cursor < ids.length) positions.push(this.cursor)
    return html`<div class="body" role="rowgroup" ${cssVars({ '--mi-body-h': `${ids.length * ROW_HEIGHT}px` })}>
      ${repeat(positions, (p) => ids[p], (p) => this.renderRow(ids, p, offset))}
    </div>`
  }

  private renderHorizontal(ids: Uint32Array, offset: number, description: string): TemplateResult {
    const total = this.matchingCount ?? ids.length
    return html`<div class="viewport ${this.loading ? 'loading' : ''}" data-testid="table-viewport" @scroll=${this.onScroll}
        ${cssVars({ '--mi-viewport-max': `${this.visibleRows * ROW_HEIGHT + HEAD_HEIGHT + 2}px` })}>
      <div class="grid" role="grid"
        aria-label=${this.component.label}
        aria-description=${description || nothing}
        aria-rowcount=${total + 1}
        aria-colcount=${this.columns.length + (this.isSelect ? 1 : 0) + (this.hasMenus ? 1 : 0)}
        aria-multiselectable=${this.isSelect ? 'true' : nothing}
        aria-invalid=${this.error ? 'true' : nothing}
        aria-busy=${this.loading ? 'true' : 'false'}
        ${cssVars({ '--mi-cols': this.template() })}
        @keydown=${this.onBodyKeydown} @click=${this.onBodyClick}>
        ${this.renderHeader()}
        ${this.renderBody(ids, offset)}
      </div>
    </div>`
  }

  /** Transposed: a row per column, the header on the left, a column per record. */
  private renderVertical(ids: Uint32Array, description: string): TemplateResult {
    const records = [...ids]
    const cols = `minmax(100px, max-content) ${records.map(() => 'fit-content(280px)').join(' ')}`
    return html`<div class="viewport vertical" data-testid="table-viewport" ${cssVars({ '--mi-viewport-max': 'none' })}>
      <div class="vgrid" role="grid" aria-label=${this.component.label} aria-description=${description || nothing}
        aria-rowcount=${this.columns.length + (this.hasMenus ? 1 : 0)} aria-colcount=${records.length + 1}
        ${cssVars({ '--mi-cols': cols })}>
        ${this.columns.map((col, c) => html`<div class="vrow" role="row" aria-rowindex=${c + 1}>
          <div role="rowheader" class="cell" aria-sort=${this.sortState(c)} title=${col.label}>${this.sortControl(col.label, c)}</div>
          ${records.map((r) => renderCell(this.rowAt(r)[c], false, true))}
        </div>`)}
        ${this.hasMenus
          ? html`<div class="vrow" role="row" aria-rowindex=${this.columns.length + 1}>
              <div role="rowheader" class="cell">Actions</div>
              ${records.map((r, i) => html`<div role="gridcell" class="cell">${this.moreButton(r, this.page * this.pageSize + i + 1, true)}</div>`)}
            </div>`
          : nothing}
      </div>
    </div>`
  }

  private renderFooter(ids: Uint32Array): TemplateResult {
    const pager = this.paged
      ? html`<div class="pager">
          <button type="button" class="btn secondary small" ?disabled=${this.page === 0} @click=${() => this.goToPage(this.page - 1)}>Previous</button>
          <span class="count" data-testid="table-count">${this.countText()}</span>
          <button type="button" class="btn secondary small" ?disabled=${!this.hasNext(ids)} @click=${() => this.goToPage(this.page + 1)}>Next</button>
        </div>`
      : nothing
    const selection = this.isSelect
      ? html`<span class="summary" data-testid="selected-count">${n(this.selected.size)} selected${this.num('maxSelections') ? ` of at most ${this.num('maxSelections')}` : ''}</span>
        ${this.selected.size ? html`<button type="button" class="link-button" ?disabled=${this.disabled} @click=${() => this.clearSelection()}>Deselect all</button>` : nothing}
        ${this.notice ? html`<span class="notice" data-testid="selection-notice">${this.notice}</span>` : nothing}`
      : nothing
    return html`<div class="footer">${pager}${selection}</div>`
  }

  private hasNext(ids: Uint32Array): boolean {
    const total = this.matchingCount
    if (total !== undefined) return (this.page + 1) * this.pageSize < total
    return ids.length >= this.pageSize
  }

  protected override renderControl(description: string): TemplateResult {
    const ready = this.isAsync ? this.remote !== null : this.rows !== null
    const ids = ready ? this.shown() : new Uint32Array(0)
    const offset = this.paged ? this.page * this.pageSize : 0
    const filtered = this.query.trim() !== ''
    const search = this.tp.isFilterable
      ? html`<input class="filter" type="search" data-testid="table-search" autocomplete="off" spellcheck="false"
          placeholder="Search" aria-label=${`Search ${this.component.label}`} ?disabled=${this.partial}
          .value=${this.query} @input=${this.onSearch} @keydown=${this.onSearchKeydown} />`
      : nothing
    return html`<div class="table">
      <div class="toolbar">${search}${!this.paged && ready ? html`<span class="count" data-testid="table-count">${this.countText()}</span>` : nothing}</div>
      ${!ready
        ? html`<div class="state" role="status">${spinner('Loading rows')}<span>Loading rows…</span></div>`
        : html`${this.vertical ? this.renderVertical(ids, description) : this.renderHorizontal(ids, offset, description)}
          ${this.remote?.error ? html`<div class="state error" role="alert">Could not load rows: ${this.remote.error}</div>` : nothing}
          ${ids.length === 0 && !this.remote?.error
            ? html`<div class="state">${filtered ? `No rows match “${this.query.trim()}”.` : 'No rows.'}</div>`
            : nothing}
          ${this.renderFooter(ids)}`}
      <div class="visually-hidden" role="status" aria-live="polite" data-testid="table-status">${this.announcement()}</div>
      ${this.renderMenu()}
    </div>`
  }
}
customElement('io-table', IoTable)
