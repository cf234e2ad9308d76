import { customElement } from './define'
import { isoToLocalInput, localInputToIso } from './dates'
import { IoTemporalInput } from './io-input-temporal'

/** io.input.datetime: a native datetime-local input (the person's local time); answers an ISO string. */
export class IoInputDatetime extends IoTemporalInput {
  protected readonly inputType = 'datetime-local'
  protected toInput = isoToLocalInput
  protected fromInput = localInputToIso
  protected override shown(iso: unknown): string {
    return typeof iso === 'string' ? new Date(iso).toLocaleString() : ''
  }
}
customElement('io-input-datetime', IoInputDatetime)
