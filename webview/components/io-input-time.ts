import { html } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import { customElement } from './define'
import { IoField } from './io-field'
import { dateWidths, nativeStyles } from './native-styles'
import { BAD_INPUT, timeFromInput, timeToInput } from './dates'

/** io.input.time: a native time input; answers { hour, minute }. */
export class IoInputTime extends IoField {
  static override styles = [...IoField.styles, nativeStyles, dateWidths]

  protected override renderControl(description: string) {
    return html`<input class="native time" type="time"
      .value=${timeToInput(this.value)}
      min=${ifDefined(timeToInput(this.props.min) || undefined)}
      max=${ifDefined(timeToInput(this.props.max) || undefined)}
      aria-label=${this.component.label}
      aria-description=${description}
      aria-invalid=${this.error ? 'true' : 'false'}
      ?disabled=${this.disabled}
      @input=${this.onInput} />`
  }

  private onInput(e: Event): void {
    const input = e.currentTarget as HTMLInputElement
    this.emit(input.validity.badInput ? BAD_INPUT : timeFromInput(input.value))
  }

  protected override hint(): string | undefined {
    const min = timeToInput(this.props.min)
    const max = timeToInput(this.props.max)
    if (min && max) return `Between ${min} and ${max}.`
    if (min) return `${min} or later.`
    if (max) return `${max} or earlier.`
    return undefined
  }
}
customElement('io-input-time', IoInputTime)
