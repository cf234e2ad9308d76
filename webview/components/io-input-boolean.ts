import { customElement } from './define'
import { checkbox } from '../primitives'
import { IoField } from './io-field'

/** io.input.boolean: a checkbox whose own text is the label. */
export class IoInputBoolean extends IoField {
  protected override get labelAbove(): boolean {
    return false
  }

  protected override renderControl(description: string) {
    return checkbox({
      label: this.component.label,
      description,
      checked: this.value === true,
      disabled: this.disabled,
      invalid: !!this.error,
      onChange: (checked) => this.emit(checked),
    })
  }
}
customElement('io-input-boolean', IoInputBoolean)
