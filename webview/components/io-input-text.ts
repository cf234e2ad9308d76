import { customElement } from './define'
import { textArea, textField } from '../primitives'
import { IoField } from './io-field'

/** io.input.text: one line, or a textarea of `lines` rows when `multiline`. */
export class IoInputText extends IoField {
  protected override renderControl(description: string) {
    const common = {
      label: this.component.label,
      description,
      value: typeof this.value === 'string' ? this.value : '',
      placeholder: this.str('placeholder'),
      disabled: this.disabled,
      invalid: !!this.error,
      maxLength: this.num('maxLength'),
      onInput: (v: string) => this.emit(v),
    }
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
