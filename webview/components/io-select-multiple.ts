import { html } from 'lit'
import { customElement } from './define'
import { IoOptionList } from './option-list'

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
    const min = this.num('minSelections')
    const max = this.num('maxSelections')
    if (min && max) return min === max ? `Choose ${min}.` : `Choose ${min} to ${max}.`
    if (min) return `Choose at least ${min}.`
    if (max) return `Choose up to ${max}.`
    return undefined
  }

  protected override summary() {
    const n = indices(this.value).length
    const max = this.num('maxSelections')
    return html`<div class="summary" aria-live="polite" data-testid="selected-count">${n} selected${max ? ` of at most ${max}` : ''}</div>`
  }
}
customElement('io-select-multiple', IoSelectMultiple)
