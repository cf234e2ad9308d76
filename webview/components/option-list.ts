// The list behind select.single and select.multiple: options drawn with a
// radio or checkbox indicator, an optional filter box, and roving focus
// (one Tab stop; arrows, Home/End move; Space/Enter choose).
import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import type { OptionWire } from '../../src/core/protocol'
import { IoField } from './io-field'
import { nativeStyles } from './native-styles'
import { anyImage, asOptions, FILTER_THRESHOLD, optionMatches, optionStyles, renderOption } from './options'

export abstract class IoOptionList extends IoField {
  static override styles = [...IoField.styles, nativeStyles, optionStyles, css`
    .select { display: flex; flex-direction: column; gap: 6px; }
  `]

  protected query = ''
  /** Index (into options) of the row that holds the Tab stop. */
  protected cursor = -1

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed)
    // A new screen reusing this element starts with no filter.
    const before = changed.get('component')
    if (before && (before.label !== this.component.label || JSON.stringify(before.props.options) !== JSON.stringify(this.props.options))) {
      this.query = ''
      this.cursor = -1
    }
  }

  protected abstract get itemRole(): 'radio' | 'checkbox'
  protected abstract isChosen(index: number): boolean
  protected abstract choose(index: number): void
  /** Text under the list ("2 selected"). */
  protected summary(): TemplateResult | typeof nothing {
    return nothing
  }

  protected get options(): OptionWire[] {
    return asOptions(this.props.options)
  }

  protected get filterable(): boolean {
    return this.props.searchable === true || this.options.length > FILTER_THRESHOLD
  }

  private visible(): number[] {
    return this.options.map((o, i) => (optionMatches(o, this.query) ? i : -1)).filter((i) => i >= 0)
  }

  private tabStop(visible: number[]): number {
    if (visible.includes(this.cursor)) return this.cursor
    return visible.find((i) => this.isChosen(i)) ?? visible[0] ?? -1
  }

  private focusRow(index: number): void {
    this.cursor = index
    this.requestUpdate()
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus())
  }

  private onKeydown(e: KeyboardEvent, index: number, visible: number[]): void {
    const at = visible.indexOf(index)
    let to = -1
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') to = visible[Math.min(at + 1, visible.length - 1)]!
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') to = visible[Math.max(at - 1, 0)]!
    else if (e.key === 'Home') to = visible[0]!
    else if (e.key === 'End') to = visible[visible.length - 1]!
    else if (e.key === ' ' || e.key === 'Enter') {
      // Enter chooses here instead of submitting the screen.
      e.preventDefault()
      e.stopPropagation()
      if (!this.disabled) this.choose(index)
      return
    }
    if (to < 0 || to === undefined) return
    e.preventDefault()
    this.focusRow(to)
  }

  private onFilterKeydown(e: KeyboardEvent, visible: number[]): void {
    if (e.key === 'ArrowDown' && visible.length) {
      e.preventDefault()
      this.focusRow(this.tabStop(visible))
    } else if (e.key === 'Enter') {
      // Enter in the filter picks the only match, else does nothing (never submits half-chosen).
      e.preventDefault()
      e.stopPropagation()
      if (visible.length === 1 && !this.disabled) this.choose(visible[0]!)
    }
  }

  protected override renderControl(description: string) {
    const options = this.options
    const visible = this.visible()
    const stop = this.tabStop(visible)
    const pictures = anyImage(options)
    const group = this.itemRole === 'radio' ? 'radiogroup' : 'group'
    return html`<div class="select">
      ${this.filterable
        ? html`<input class="filter" type="text" autocomplete="off" spellcheck="false"
            placeholder="Filter options"
            aria-label="Filter options"
            aria-description=${`Narrows the ${options.length} options below.`}
            aria-controls="options"
            .value=${this.query}
            ?disabled=${this.disabled}
            @input=${(e: Event) => { this.query = (e.currentTarget as HTMLInputElement).value; this.requestUpdate() }}
            @keydown=${(e: KeyboardEvent) => this.onFilterKeydown(e, visible)} />`
        : nothing}
      <div class="options" id="options" role=${group}
        aria-label=${this.component.label}
        aria-description=${description}
        aria-invalid=${this.error ? 'true' : 'false'}
        aria-disabled=${this.disabled ? 'true' : 'false'}>
        ${visible.map((i) => html`<div class="option" role=${this.itemRole} data-index=${i}
            aria-checked=${this.isChosen(i) ? 'true' : 'false'}
            aria-labelledby="opt-${i}-label"
            aria-describedby=${options[i]!.description ? `opt-${i}-desc` : nothing}
            aria-disabled=${this.disabled ? 'true' : 'false'}
            tabindex=${i === stop ? 0 : -1}
            @focus=${() => { this.cursor = i }}
            @click=${() => { if (!this.disabled) { this.cursor = i; this.choose(i) } }}
            @keydown=${(e: KeyboardEvent) => this.onKeydown(e, i, visible)}>
            <span class="indicator ${this.itemRole === 'radio' ? 'radio' : 'check'}" aria-hidden="true"><span class="mark"></span></span>
            ${renderOption(options[i]!, { label: `opt-${i}-label`, description: `opt-${i}-desc` }, pictures)}
          </div>`)}
        ${visible.length === 0 ? html`<div class="empty" role="status">${`No options match “${this.query}”.`}</div>` : nothing}
      </div>
      ${this.summary()}
    </div>`
  }
}
