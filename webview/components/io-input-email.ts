import { customElement } from './define'
import { textField } from '../primitives'
import { IoField } from './io-field'

/** io.input.email: a text field of type email (validated by checkAnswer). */
export class IoInputEmail extends IoField {
  protected override renderControl(description: string) {
    return textField({ ...this.textOptions(description), type: 'email' })
  }
}
customElement('io-input-email', IoInputEmail)
