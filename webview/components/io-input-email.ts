import { customElement } from './define'
import { textField } from '../primitives'
import { IoField } from './io-field'

/** io.input.email: a text field of type email (validated by checkAnswer). */
export class IoInputEmail extends IoField {
  protected override renderControl(description: string) {
    return textField({
      type: 'email',
      label: this.component.label,
      description,
      value: typeof this.value === 'string' ? this.value : '',
      placeholder: this.str('placeholder'),
      disabled: this.disabled,
      invalid: !!this.error,
      onInput: (v) => this.emit(v),
    })
  }
}
customElement('io-input-email', IoInputEmail)
