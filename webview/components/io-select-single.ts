import { customElement } from './define'
import { IoOptionList } from './option-list'

/** io.select.single: a radio group; answers the chosen option's index. */
export class IoSelectSingle extends IoOptionList {
  protected override get itemRole(): 'radio' {
    return 'radio'
  }
  protected override isChosen(index: number): boolean {
    return this.value === index
  }
  protected override choose(index: number): void {
    this.emit(index)
  }
}
customElement('io-select-single', IoSelectSingle)
