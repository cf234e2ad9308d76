// The native date, time and datetime-local inputs: one element, three wire formats.
import { html } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import { IoField } from './io-field'
import { dateWidths, nativeStyles } from './native-styles'
import { BAD_INPUT } from './dates'

export abstract class IoTemporalInput extends IoField {
  static override styles = [...IoField.styles, nativeStyles, dateWidths]

  /** The native input's type: date, time or datetime-local. */
  protected abstract readonly inputType: string
  /** A wire value (or min/max prop) → the native input's string ('' when absent). */
  protected abstract toInput(value: unknown): string
  /** The native input's string → the wire answer. */
  protected abstract fromInput(text: string): unknown
  /** How min/max read in the hint under the label. */
  protected shown(value: unknown): string {
    return this.toInput(value)
  }

  protected override renderControl(description: string) {
    return html`<input class="native ${this.inputType}" type=${this.inputType}
      .value=${this.toInput(this.value)}
      min=${ifDefined(this.toInput(this.props.min) || undefined)}
      max=${ifDefined(this.toInput(this.props.max) || undefined)}
      aria-label=${this.component.label}
      aria-description=${description}
      aria-invalid=${this.error ? 'true' : 'false'}
      ?disabled=${this.disabled}
      @input=${this.onInput} />`
  }

  private onInput(e: Event): void {
    const input = e.currentTarget as HTMLInputElement
    this.emit(input.validity.badInput ? BAD_INPUT : this.fromInput(input.value))
  }

  protected override hint(): string | undefined {
    const min = this.shown(this.props.min)
    const max = this.shown(this.props.max)
    if (min && max) return `Between ${min} and ${max}.`
    if (min) return `${min} or later.`
    if (max) return `${max} or earlier.`
    return undefined
  }
}
