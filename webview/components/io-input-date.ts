import { html } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import { customElement } from './define'
import { IoField } from './io-field'
import { dateWidths, nativeStyles } from './native-styles'
import { BAD_INPUT, dateFromInput, dateToInput } from './dates'

/** io.input.date: a native date input; answers { year, month, day }. */
export class IoInputDate extends IoField {
  static override styles = [...IoField.styles, nativeStyles, dateWidths]

  protected override renderControl(description: string) {
    return html`<input class="native date" type="date"
      .value=${dateToInput(this.value)}
      min=${ifDefined(dateToInput(this.props.min) || undefined)}
      max=${ifDefined(dateToInput(this.props.max) || undefined)}
      aria-label=${this.component.label}
      aria-description=${description}
      aria-invalid=${this.error ? 'true' : 'false'}
      ?disabled=${this.disabled}
      @input=${this.onInput} />`
  }

  private onInput(e: Event): void {
    const input = e.currentTarget as HTMLInputElement
    this.emit(input.validity.badInput ? BAD_INPUT : dateFromInput(input.value))
  }

  protected override hint(): string | undefined {
    const min = dateToInput(this.props.min)
    const max = dateToInput(this.props.max)
    if (min && max) return `Between ${min} and ${max}.`
    if (min) return `${min} or later.`
    if (max) return `${max} or earlier.`
    return undefined
  }
}
customElement('io-input-date', IoInputDate)
