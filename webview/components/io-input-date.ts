import { customElement } from './define'
import { dateFromInput, dateToInput } from './dates'
import { IoTemporalInput } from './io-input-temporal'

/** io.input.date: a native date input; answers { year, month, day }. */
export class IoInputDate extends IoTemporalInput {
  protected readonly inputType = 'date'
  protected toInput = dateToInput
  protected fromInput = dateFromInput
}
customElement('io-input-date', IoInputDate)
