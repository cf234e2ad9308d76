import { html } from 'lit'
import { customElement } from './define'
import { IoOptionList } from './option-list'
import { selectionHint } from './options'

const indices = (v: unknown): number[] => (Array.isArray(v) ? v.filter((i): i is number => typeof i === 'number') : [])

/** io.select.multiple: checkboxes; answers the chosen indices in option order. Min/max are checked by checkAnswer. */
export class IoSelectMultiple extends IoOptionList {
  protected override get itemRole(): 'checkbox' {
    return 'checkbox'
  }
  protected override isChosen(index: number): boolean {
    return indices(this.value).includes(index)
  }
  protected override choose(index: number): void {
    const now = indices(this.value)
    const next = now.includes(index) ? now.filter((i) => i !== index) : [...now, index].sort((a, b) => a - b)
    this.emit(next)
  }

  protected override hint(): string | undefined {
    return selectionHint(this.num('minSelections'), this.num('maxSelections'))
  }

  protected override summary() {
    const n = indices(this.value).length
    const max = this.num('maxSelections')
    return html`<div class="summary" aria-live="polite" data-testid="selected-count">${n} selected${max ? ` of at most ${max}` : ''}</div>`
  }
}
customElement('io-select-multiple', IoSelectMultiple)
