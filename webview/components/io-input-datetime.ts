import { html } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import { customElement } from './define'
import { IoField } from './io-field'
import { dateWidths, nativeStyles } from './native-styles'
import { BAD_INPUT, isoToLocalInput, localInputToIso } from './dates'

const shown = (iso: unknown): string => (typeof iso === 'string' ? new Date(iso).toLocaleString() : '')

/** io.input.datetime: a native datetime-local input (the person's local time); answers an ISO string. */
export class IoInputDatetime extends IoField {
  static override styles = [...IoField.styles, nativeStyles, dateWidths]

  protected override renderControl(description: string) {
    return html`<input class="native datetime" type="datetime-local"
      .value=${isoToLocalInput(this.value)}
      min=${ifDefined(isoToLocalInput(this.props.min) || undefined)}
      max=${ifDefined(isoToLocalInput(this.props.max) || undefined)}
      aria-label=${this.component.label}
      aria-description=${description}
      aria-invalid=${this.error ? 'true' : 'false'}
      ?disabled=${this.disabled}
      @input=${this.onInput} />`
  }

  private onInput(e: Event): void {
    const input = e.currentTarget as HTMLInputElement
    this.emit(input.validity.badInput ? BAD_INPUT : localInputToIso(input.value))
  }

  protected override hint(): string | undefined {
    const min = shown(this.props.min)
    const max = shown(this.props.max)
    if (min && max) return `Between ${min} and ${max}.`
    if (min) return `${min} or later.`
    if (max) return `${max} or earlier.`
    return undefined
  }
}
customElement('io-input-datetime', IoInputDatetime)
