import { customElement } from './define'
import { timeFromInput, timeToInput } from './dates'
import { IoTemporalInput } from './io-input-temporal'

/** io.input.time: a native time input; answers { hour, minute }. */
export class IoInputTime extends IoTemporalInput {
  protected readonly inputType = 'time'
  protected toInput = timeToInput
  protected fromInput = timeFromInput
}
customElement('io-input-time', IoInputTime)
