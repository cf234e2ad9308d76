import { css, html, nothing, type PropertyValues } from 'lit'
import type { SearchResultWire } from '../../src/core/protocol'
import { SEARCH_RESULTS_EVENT, type SearchResultsMessage } from '../app/events'
import { spinner } from '../primitives'
import { customElement } from './define'
import { IoField } from './io-field'
import { nativeStyles } from './native-styles'
import { anyImage, optionStyles, renderOption } from './options'

/** Fired (bubbling, composed) when io.search wants results; mi-prompt posts the `search` message. */
export const SEARCH_EVENT = 'mi-search'
export interface SearchRequest {
  query: string
  requestId: number
}

export const SEARCH_DEBOUNCE_MS = 250
/** Shared by every io.search in the panel, so request ids only ever grow. */
let lastRequestId = 0

function asResults(v: unknown): SearchResultWire[] {
  return Array.isArray(v) ? v.filter((r): r is SearchResultWire => !!r && typeof r === 'object' && typeof (r as SearchResultWire).key === 'string') : []
}

/**
 * io.search: a combobox. Typing asks the host (debounced) for results; only the
 * answer to the newest request is shown. Answers the chosen key, or keys with
 * .multiple().
 */
export class IoSearch extends IoField {
  static override properties = { ...IoField.properties, seq: { attribute: false }, index: { attribute: false } }
  declare seq: number
  declare index: number

  static override styles = [...IoField.styles, nativeStyles, optionStyles, css`
    .search { display: flex; flex-direction: column; gap: 6px; max-width: 480px; }
    .chips { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; margin: 0; padding: 0; }
    .chip {
      display: inline-flex; align-items: center; gap: 6px; padding: 2px 4px 2px 8px; border-radius: 12px;
      background: var(--vscode-badge-background); color: var(--vscode-badge-foreground);
      border: 1px solid var(--vscode-contrastBorder, transparent);
    }
    .chip .thumb { width: 18px; height: 18px; border-radius: 50%; }
    .chip-remove {
      font: inherit; line-height: 1; width: 18px; height: 18px; padding: 0; border-radius: 50%; cursor: pointer;
      color: inherit; background: transparent; border: 1px solid transparent;
    }
    .chip-remove:hover { background: var(--vscode-toolbar-hoverBackground, var(--vscode-list-hoverBackground)); }
    .chip-remove:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
    .state { display: flex; align-items: center; gap: 8px; color: var(--vscode-descriptionForeground); min-height: 0; }
    .state vscode-progress-ring { width: 16px; height: 16px; }
    .state.error { color: var(--vscode-errorForeground); }
    .options { border: 1px solid var(--vscode-widget-border, var(--vscode-input-border, transparent)); border-radius: 2px; }
    .option[aria-selected='true'] { background: var(--vscode-list-inactiveSelectionBackground, var(--vscode-list-hoverBackground)); }
    .option.active { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground, var(--vscode-foreground)); }
    .option.active .option-description { color: inherit; }
    .check { margin-left: auto; }
  `]

  private query = ''
  private results: SearchResultWire[] = []
  private known = new Map<string, SearchResultWire>()
  private requestId = 0
  private loading = false
  private searchError = ''
  private searched = false
  private active = -1
  private timer: ReturnType<typeof setTimeout> | undefined
  /** The screen the state below belongs to. */
  private startedSeq: number | undefined = undefined

  private readonly onResults = (e: Event) => {
    const m = (e as CustomEvent<SearchResultsMessage>).detail
    // Only the newest request's answer for this field; a slower older answer is dropped.
    if (m.seq !== this.seq || m.index !== this.index || m.requestId !== this.requestId) return
    this.loading = false
    this.searched = true
    this.searchError = m.error ?? ''
    this.results = m.error ? [] : m.results
    this.remember(this.results)
    this.active = this.results.length ? 0 : -1
    this.requestUpdate()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener(SEARCH_RESULTS_EVENT, this.onResults)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener(SEARCH_RESULTS_EVENT, this.onResults)
    clearTimeout(this.timer)
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Lit reuses this element when the next screen has an io.search in the same place: start over.
    // (A re-sent screen — same seq — keeps the query and the labels it knows.)
    if (!this.component) return
    if (this.startedSeq !== undefined && this.startedSeq === this.seq) {
      if (changed.has('component')) this.remember(asResults(this.props.defaultValue))
      return
    }
    if (this.startedSeq !== undefined) this.reset()
    this.startedSeq = this.seq
    this.results = asResults(this.props.initialResults)
    this.remember(this.results)
    this.remember(asResults(this.props.defaultValue))
  }

  private reset(): void {
    clearTimeout(this.timer)
    this.query = ''
    this.known.clear()
    this.loading = false
    this.searched = false
    this.searchError = ''
    this.active = -1
    this.requestId = ++lastRequestId
  }

  private remember(list: SearchResultWire[]): void {
    for (const r of list) this.known.set(r.key, r)
  }

  private get multiple(): boolean {
    return this.component.multiple === true
  }

  private get keys(): string[] {
    if (Array.isArray(this.value)) return this.value.filter((k): k is string => typeof k === 'string')
    return typeof this.value === 'string' ? [this.value] : []
  }

  private onInput(e: Event): void {
    this.query = (e.currentTarget as HTMLInputElement).value
    clearTimeout(this.timer)
    // Any answer still on its way is now stale.
    this.requestId = ++lastRequestId
    if (!this.query.trim()) {
      this.loading = false
      this.searched = false
      this.searchError = ''
      this.results = asResults(this.props.initialResults)
      this.active = -1
    } else {
      this.loading = true
      const requestId = this.requestId
      const query = this.query
      this.timer = setTimeout(() => {
        this.dispatchEvent(new CustomEvent<SearchRequest>(SEARCH_EVENT, { detail: { query, requestId }, bubbles: true, composed: true }))
      }, SEARCH_DEBOUNCE_MS)
    }
    this.requestUpdate()
  }

  private pick(r: SearchResultWire): void {
    if (this.disabled) return
    if (this.multiple) {
      const keys = this.keys
      this.emit(keys.includes(r.key) ? keys.filter((k) => k !== r.key) : [...keys, r.key])
    } else {
      this.emit(r.key)
    }
  }

  private unpick(key: string): void {
    this.emit(this.multiple ? this.keys.filter((k) => k !== key) : null)
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('.search-box')?.focus())
  }

  private onKeydown(e: KeyboardEvent): void {
    const n = this.results.length
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault()
      this.active = (this.active + 1) % n
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault()
      this.active = this.active <= 0 ? n - 1 : this.active - 1
    } else if (e.key === 'Enter' && this.active >= 0 && this.active < n) {
      // Enter picks the highlighted result instead of submitting the screen.
      e.preventDefault()
      e.stopPropagation()
      this.pick(this.results[this.active]!)
    } else if (e.key === 'Enter' && this.loading) {
      // Results are on their way: never submit the screen under the person's fingers.
      e.preventDefault()
      e.stopPropagation()
    } else {
      return
    }
    this.requestUpdate()
    void this.updateComplete.then(() => this.renderRoot.querySelector('.option.active')?.scrollIntoView({ block: 'nearest' }))
  }

  private renderChosen() {
    const keys = this.keys
    if (!keys.length) return nothing
    return html`<ul class="chips" aria-label="Chosen">
      ${keys.map((k) => {
        const r = this.known.get(k) ?? { key: k, label: k }
        return html`<li class="chip" data-testid="chip">
          ${r.image?.url ? html`<img class="thumb" src=${r.image.url} alt="" />` : nothing}
          <span>${r.label}</span>
          <button type="button" class="chip-remove" aria-label="Remove ${r.label}" ?disabled=${this.disabled}
            @click=${() => this.unpick(k)}>✕</button>
        </li>`
      })}
    </ul>`
  }

  private renderState() {
    if (this.loading) return html`<div class="state" role="status">${spinner('Searching')}<span>Searching…</span></div>`
    if (this.searchError) return html`<div class="state error" role="alert">Search failed: ${this.searchError}</div>`
    if (this.searched && !this.results.length) return html`<div class="state" role="status">${`No results for “${this.query}”.`}</div>`
    return html`<div class="state" role="status"></div>`
  }

  protected override renderControl(description: string) {
    const keys = this.keys
    const showList = this.results.length > 0
    const pictures = anyImage(this.results)
    const activeId = this.active >= 0 && this.active < this.results.length ? `res-${this.active}` : undefined
    return html`<div class="search">
      ${this.renderChosen()}
      <input class="native search-box" type="text" role="combobox" autocomplete="off" spellcheck="false"
        aria-label=${this.component.label}
        aria-description=${description}
        aria-invalid=${this.error ? 'true' : 'false'}
        aria-autocomplete="list"
        aria-controls="results"
        aria-expanded=${showList ? 'true' : 'false'}
        aria-activedescendant=${activeId ?? nothing}
        placeholder=${this.str('placeholder') ?? 'Search…'}
        .value=${this.query}
        ?disabled=${this.disabled}
        @input=${this.onInput}
        @keydown=${this.onKeydown} />
      ${this.renderState()}
      ${showList
        ? html`<div class="options" id="results" role="listbox" aria-label="Results" aria-multiselectable=${this.multiple ? 'true' : nothing}>
            ${this.results.map((r, i) => html`<div class="option ${i === this.active ? 'active' : ''}" role="option" id="res-${i}"
                aria-selected=${keys.includes(r.key) ? 'true' : 'false'}
                aria-labelledby="res-${i}-label"
                @mousedown=${(e: Event) => e.preventDefault()}
                @click=${() => { this.active = i; this.pick(r) }}>
                ${renderOption(r, { label: `res-${i}-label` }, pictures)}
                ${keys.includes(r.key) ? html`<span class="check" aria-hidden="true">✓</span>` : nothing}
              </div>`)}
          </div>`
        : nothing}
    </div>`
  }
}
customElement('io-search', IoSearch)
