import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import type { Component } from '../../src/core/protocol'
import { displayStyles, tokenStyles } from '../app/display-styles'
import { baseStyles } from '../app/styles'
import { customElement } from './define'

type Key = string | number
const PAGE = 100

const isBranch = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null
const entriesOf = (v: Record<string, unknown> | unknown[]): [Key, unknown][] =>
  Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v)

function summary(v: Record<string, unknown> | unknown[]): string {
  const n = Array.isArray(v) ? v.length : Object.keys(v).length
  if (Array.isArray(v)) return n === 0 ? '[]' : `[${n} item${n === 1 ? '' : 's'}]`
  return n === 0 ? '{}' : `{${n} key${n === 1 ? '' : 's'}}`
}

export function primitive(v: unknown): TemplateResult {
  if (v === null || v === undefined) return html`<span class="v null">null</span>`
  switch (typeof v) {
    case 'string': return html`<span class="v string">${`"${v}"`}</span>`
    case 'number': return html`<span class="v number">${String(v)}</span>`
    case 'boolean': return html`<span class="v boolean">${String(v)}</span>`
    default: return html`<span class="v">${String(v)}</span>`
  }
}

/**
 * io.display.object: a JSON-like value as a tree (role=tree). The first level
 * is open, deeper levels closed. Click or Enter/Space toggles a branch; the
 * arrow keys, Home and End move between visible items.
 */
export class IoDisplayObject extends LitElement {
  static override styles = [baseStyles, displayStyles, tokenStyles, css`
    ul { list-style: none; margin: 0; padding: 0; }
    [role='tree'] {
      font-family: var(--vscode-editor-font-family, monospace);
      font-size: var(--vscode-editor-font-size, 13px);
      padding: 4px 0;
    }
    [role='group'] { padding-left: 16px; }
    li:focus { outline: none; }
    li:focus-visible > .row { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
    .row { display: flex; align-items: baseline; gap: 4px; padding: 1px 4px; border-radius: 2px; cursor: default; }
    .row.branch { cursor: pointer; }
    .row:hover { background: var(--vscode-list-hoverBackground, transparent); }
    .twisty { flex: none; width: 12px; color: var(--vscode-descriptionForeground); user-select: none; }
    .key { color: var(--mi-tok-property); flex: none; max-width: 40%; overflow-wrap: anywhere; }
    .index { color: var(--vscode-descriptionForeground); }
    .summary { color: var(--vscode-descriptionForeground); }
    .colon { color: var(--vscode-descriptionForeground); }
    .v { white-space: pre-wrap; overflow-wrap: anywhere; min-width: 0; }
    .v.string { color: var(--mi-tok-string); }
    .v.number { color: var(--mi-tok-number); }
    .v.boolean { color: var(--mi-tok-boolean); }
    .v.null { color: var(--mi-tok-null); font-style: italic; }
    .more { font: inherit; background: none; border: 0; padding: 1px 4px 1px 20px; color: var(--vscode-textLink-foreground); cursor: pointer; }
    .more:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  `]
  static override properties = { component: { attribute: false }, open: { state: true }, focusPath: { state: true }, shown: { state: true } }
  declare component: Component
  /** Branches the person opened (true) or closed (false); others follow the default. */
  declare open: Map<string, boolean>
  declare focusPath: string | null
  /** How many children of a branch are drawn (large arrays are paged). */
  declare shown: Map<string, number>

  constructor() {
    super()
    this.open = new Map()
    this.focusPath = null
    this.shown = new Map()
  }

  private isOpen(id: string, depth: number): boolean {
    return this.open.get(id) ?? depth < 2
  }

  private toggle(id: string, depth: number, to?: boolean): void {
    const next = to ?? !this.isOpen(id, depth)
    this.open = new Map(this.open).set(id, next)
  }

  override render() {
    const data = this.component.props.data
    const label = this.component.label
    const heading = label ? html`<div class="display-label" id="label">${label}</div>` : nothing
    if (!isBranch(data)) return html`${heading}<div class="tree-value">${primitive(data)}</div>`
    const entries = entriesOf(data)
    if (entries.length === 0) return html`${heading}<div class="summary">${summary(data)}</div>`
    const items = this.children_(data, '', 1)
    return html`${heading}<ul
      role="tree"
      aria-labelledby=${label ? 'label' : nothing}
      aria-label=${label ? nothing : 'Object'}
      @keydown=${this.onKeydown}
      @focusin=${this.onFocusin}
    >${items}</ul>`
  }

  private children_(value: Record<string, unknown> | unknown[], parentId: string, depth: number): unknown[] {
    const entries = entriesOf(value)
    const limit = this.shown.get(parentId) ?? PAGE
    const out: unknown[] = entries.slice(0, limit).map(([k, v], i) =>
      this.item(k, v, `${parentId}/${encodeURIComponent(String(k))}`, depth, i + 1, entries.length, Array.isArray(value)))
    if (entries.length > limit) {
      const more = Math.min(PAGE, entries.length - limit)
      out.push(html`<li role="none"><button type="button" class="more" @click=${() => { this.shown = new Map(this.shown).set(parentId, limit + PAGE) }}>
        Show ${more} more of ${entries.length - limit}</button></li>`)
    }
    return out
  }

  private item(key: Key, v: unknown, id: string, depth: number, pos: number, size: number, inArray: boolean): TemplateResult {
    // The one item reachable with Tab: the last focused one, else the first.
    const isStop = this.focusPath === null ? pos === 1 && depth === 1 : this.focusPath === id
    const keyPart = html`<span class="key ${inArray ? 'index' : ''}">${key}<span class="colon">:</span></span>`
    if (!isBranch(v) || entriesOf(v).length === 0) {
      return html`<li role="treeitem" aria-level=${depth} aria-posinset=${pos} aria-setsize=${size} tabindex=${isStop ? 0 : -1} data-id=${id}>
        <div class="row"><span class="twisty"></span>${keyPart}${isBranch(v) ? html`<span class="summary">${summary(v)}</span>` : primitive(v)}</div>
      </li>`
    }
    const open = this.isOpen(id, depth)
    return html`<li role="treeitem" aria-level=${depth} aria-posinset=${pos} aria-setsize=${size} aria-expanded=${open ? 'true' : 'false'}
        tabindex=${isStop ? 0 : -1} data-id=${id} data-depth=${depth}>
      <div class="row branch" @click=${() => this.toggle(id, depth)}>
        <span class="twisty" aria-hidden="true">${open ? '▾' : '▸'}</span>${keyPart}<span class="summary">${summary(v)}</span>
      </div>
      ${open ? html`<ul role="group">${this.children_(v, id, depth + 1)}</ul>` : nothing}
    </li>`
  }

  private items(): HTMLElement[] {
    return Array.from(this.renderRoot.querySelectorAll<HTMLElement>('li[role="treeitem"]'))
  }

  private onFocusin = (e: FocusEvent): void => {
    const li = (e.target as HTMLElement).closest?.('li[role="treeitem"]') as HTMLElement | null
    if (li?.dataset.id && li.dataset.id !== this.focusPath) this.focusPath = li.dataset.id
  }

  private async focusItem(li: HTMLElement | undefined): Promise<void> {
    if (!li?.dataset.id) return
    this.focusPath = li.dataset.id
    await this.updateComplete
    this.items().find((x) => x.dataset.id === li.dataset.id)?.focus()
  }

  private onKeydown = (e: KeyboardEvent): void => {
    const li = e.target as HTMLElement
    if (li.getAttribute?.('role') !== 'treeitem') return
    const all = this.items()
    const i = all.indexOf(li)
    const id = li.dataset.id!
    const depth = Number(li.dataset.depth ?? 0)
    const expandable = li.hasAttribute('aria-expanded')
    const expanded = li.getAttribute('aria-expanded') === 'true'
    let handled = true
    switch (e.key) {
      case 'Enter':
      case ' ':
        if (expandable) this.toggle(id, depth)
        break
      case 'ArrowDown':
        void this.focusItem(all[i + 1])
        break
      case 'ArrowUp':
        void this.focusItem(all[i - 1])
        break
      case 'Home':
        void this.focusItem(all[0])
        break
      case 'End':
        void this.focusItem(all[all.length - 1])
        break
      case 'ArrowRight':
        if (expandable && !expanded) this.toggle(id, depth, true)
        else if (expanded) void this.focusItem(all[i + 1])
        break
      case 'ArrowLeft':
        if (expanded) this.toggle(id, depth, false)
        else void this.focusItem(li.parentElement?.closest('li[role="treeitem"]') as HTMLElement | undefined)
        break
      default:
        handled = false
    }
    if (handled) {
      e.preventDefault()
      e.stopPropagation()
    }
  }

  protected override updated(): void {
    // The focused item may have been hidden by collapsing a parent: keep one Tab stop.
    const all = this.items()
    if (all.length && !all.some((x) => x.tabIndex === 0)) all[0]!.tabIndex = 0
  }
}
customElement('io-display-object', IoDisplayObject)
