import { customElement } from './define'
import { textField } from '../primitives'
import { IoField } from './io-field'

/** io.input.url: a text field of type url; the protocol is checked by checkAnswer, the host makes the URL. */
export class IoInputUrl extends IoField {
  protected override renderControl(description: string) {
    return textField({
      ...this.textOptions(description, (v) => this.emit(v.trim())),
      type: 'url',
      placeholder: this.str('placeholder') ?? 'https://',
    })
  }

  protected override hint(): string | undefined {
    const allowed = this.props.allowedProtocols
    if (!Array.isArray(allowed) || allowed.length === 0) return undefined
    const list = allowed.map((p) => `${String(p).replace(/:$/, '')}://`)
    // The default (http, https) needs no hint.
    if (list.length === 2 && list.includes('http://') && list.includes('https://')) return undefined
    return `Starts with ${list.join(' or ')}`
  }
}
customElement('io-input-url', IoInputUrl)
