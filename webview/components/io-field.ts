// What every io input shares: the visible label, help text and the error slot.
// Each io-* element only draws its control (renderControl).
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import type { Component } from '../../src/core/protocol'
import { baseStyles } from '../app/styles'
import { controlStyles, type TextControlOptions } from '../primitives'

/** Fired (bubbling, composed) whenever the person changes the value. */
export const CHANGE_EVENT = 'mi-change'
export type ChangeEvent = CustomEvent<unknown>

export const fieldStyles = css`
  .field { display: flex; flex-direction: column; gap: 4px; }
  .label { font-weight: 600; cursor: default; }
  .optional { font-weight: normal; color: var(--vscode-descriptionForeground); }
  .help { color: var(--vscode-descriptionForeground); }
  .error { color: var(--vscode-errorForeground); min-height: 0; }
  .error:empty { display: none; }
  .control { width: 100%; max-width: 480px; }
  .prefix { padding-left: 6px; color: var(--vscode-descriptionForeground); }
`

export abstract class IoField extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true }
  static override styles = [baseStyles, fieldStyles, controlStyles]
  static override properties = {
    component: { attribute: false },
    value: { attribute: false },
    error: { attribute: false },
  }
  declare component: Component
  declare value: unknown
  declare error: string | null

  constructor() {
    super()
    this.value = undefined
    this.error = null
  }

  /** Draws the control. `description` is help + error, for the control's aria-description. */
  protected abstract renderControl(description: string): TemplateResult

  /** False when the control shows the label itself (checkbox). */
  protected get labelAbove(): boolean {
    return true
  }

  protected get props(): Record<string, unknown> {
    return this.component.props
  }

  protected str(name: string): string | undefined {
    const v = this.props[name]
    return typeof v === 'string' ? v : undefined
  }

  protected num(name: string): number | undefined {
    const v = this.props[name]
    return typeof v === 'number' ? v : undefined
  }

  protected get disabled(): boolean {
    return this.props.disabled === true
  }

  /** What every text-like control (text, email, url) is given: label, value, state, and emit on input. */
  protected textOptions(description: string, onInput: (v: string) => void = (v) => this.emit(v)): TextControlOptions {
    return {
      label: this.component.label,
      description,
      value: typeof this.value === 'string' ? this.value : '',
      placeholder: this.str('placeholder'),
      disabled: this.disabled,
      invalid: !!this.error,
      onInput,
    }
  }

  /** Extra hint under the label (e.g. a number's range); shown with the help text. */
  protected hint(): string | undefined {
    return undefined
  }

  protected emit(value: unknown): void {
    this.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: value, bubbles: true, composed: true }))
  }

  override render(): TemplateResult {
    const help = [this.str('helpText'), this.hint()].filter(Boolean).join(' ')
    const description = [this.component.optional ? 'Optional.' : '', help, this.error ?? ''].filter(Boolean).join(' ')
    // The visible label is aria-hidden: the control itself carries the same text
    // as its accessible name (a <label for> cannot reach into the toolkit's shadow root).
    return html`<div class="field">
      ${this.labelAbove
        ? html`<div class="label" part="label" aria-hidden="true" @click=${() => this.focus()}>
            ${this.component.label}${this.component.optional ? html` <span class="optional">(optional)</span>` : nothing}
          </div>`
        : nothing}
      ${help && this.labelAbove ? html`<div class="help" aria-hidden="true">${help}</div>` : nothing}
      ${this.renderControl(description)}
      ${help && !this.labelAbove ? html`<div class="help" aria-hidden="true">${help}</div>` : nothing}
      <div class="error" aria-live="polite">${this.error ?? ''}</div>
    </div>`
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    this.toggleAttribute('invalid', !!this.error)
  }
}
