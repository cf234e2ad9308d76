import { customElement } from './define'
import { textField } from '../primitives'
import { IoField } from './io-field'

const CURRENCY_SYMBOLS: Record<string, string> = {
  USD: '$', CAD: 'CA$', EUR: '€', GBP: '£', AUD: 'A$', CNY: 'CN¥', JPY: '¥',
}

/**
 * io.input.number. Kept as the typed text (not type=number) so "12abc" reaches
 * checkAnswer and gets "Enter a number" instead of silently becoming empty.
 */
export class IoInputNumber extends IoField {
  protected override renderControl(description: string) {
    const currency = this.str('currency')
    const prefix = [this.str('prepend'), currency ? CURRENCY_SYMBOLS[currency] ?? currency : undefined].filter(Boolean).join(' ')
    return textField({
      ...this.textOptions(description, (v) => this.emit(v.trim())),
      // A default number arrives as a number; what is typed stays a string until checked.
      value: this.value === undefined || this.value === null ? '' : String(this.value),
      prefix: prefix || undefined,
    })
  }

  protected override hint(): string | undefined {
    const min = this.num('min')
    const max = this.num('max')
    const decimals = this.num('decimals')
    const parts: string[] = []
    if (min !== undefined && max !== undefined) parts.push(`Between ${min} and ${max}.`)
    else if (min !== undefined) parts.push(`At least ${min}.`)
    else if (max !== undefined) parts.push(`At most ${max}.`)
    if (decimals === 0) parts.push('Whole numbers only.')
    else if (decimals !== undefined) parts.push(`Up to ${decimals} decimal places.`)
    return parts.join(' ') || undefined
  }
}
customElement('io-input-number', IoInputNumber)
