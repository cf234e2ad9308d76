import { LitElement, css, html, nothing } from 'lit'
import type { Component } from '../../src/core/protocol'
import { button, dangerButtonStyles } from '../primitives'
import { baseStyles } from '../app/styles'
import { customElement } from './define'

/** Questions about destructive steps: their Yes button is drawn as a danger button. */
export const DANGEROUS = /delete|remove|destroy|refund|cancel|revoke|drop/i

/** Fired with the person's yes (true) or no (false). */
export const CONFIRM_EVENT = 'mi-confirm'

/** io.confirm: the question and Yes/No buttons; answering submits at once. */
export class IoConfirm extends LitElement {
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true }
  static override styles = [baseStyles, dangerButtonStyles, css`
    .question { font-size: 1.15em; font-weight: 600; margin: 0 0 4px; }
    .help { color: var(--vscode-descriptionForeground); margin: 0 0 12px; }
    .buttons { display: flex; gap: 8px; }
    .error { color: var(--vscode-errorForeground); }
  `]
  static override properties = {
    component: { attribute: false },
    error: { attribute: false },
    busy: { type: Boolean },
  }
  declare component: Component
  declare error: string | null
  declare busy: boolean

  constructor() {
    super()
    this.error = null
    this.busy = false
  }

  private answer(value: boolean): void {
    this.dispatchEvent(new CustomEvent(CONFIRM_EVENT, { detail: value, bubbles: true, composed: true }))
  }

  override render() {
    const help = this.component.props.helpText
    return html`<div role="group" aria-labelledby="q">
      <p class="question" id="q">${this.component.label}</p>
      ${typeof help === 'string' ? html`<p class="help">${help}</p>` : nothing}
      <div class="buttons">
        ${button({ label: 'Yes', appearance: DANGEROUS.test(this.component.label) ? 'danger' : 'primary', disabled: this.busy, onClick: () => this.answer(true) })}
        ${button({ label: 'No', appearance: 'secondary', disabled: this.busy, onClick: () => this.answer(false) })}
      </div>
      <div class="error" aria-live="polite">${this.error ?? ''}</div>
    </div>`
  }
}
customElement('io-confirm', IoConfirm)
