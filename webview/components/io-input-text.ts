import { customElement } from './define'
import { textArea, textField } from '../primitives'
import { IoField } from './io-field'

/** io.input.text: one line, or a textarea of `lines` rows when `multiline`. */
export class IoInputText extends IoField {
  protected override renderControl(description: string) {
    const common = { ...this.textOptions(description), maxLength: this.num('maxLength') }
    return this.props.multiline === true ? textArea({ ...common, rows: this.num('lines') ?? 3 }) : textField(common)
  }

  protected override hint(): string | undefined {
    const min = this.num('minLength')
    const max = this.num('maxLength')
    if (min !== undefined && max !== undefined) return `${min}–${max} characters.`
    if (min !== undefined) return `At least ${min} characters.`
    return undefined
  }
}
customElement('io-input-text', IoInputText)
