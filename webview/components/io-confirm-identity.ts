import { LitElement, css, html } from 'lit'
import type { Component } from '../../src/core/protocol'
import { baseStyles } from '../app/styles'
import { spinner } from '../primitives'
import { customElement } from './define'

/**
 * io.confirmIdentity: the host asks with a modal VS Code dialog and answers
 * itself; the panel only says where to look. No Submit.
 */
export class IoConfirmIdentity extends LitElement {
  static override styles = [baseStyles, css`
    .identity { display: flex; align-items: flex-start; gap: 12px; }
    .identity vscode-progress-ring { flex: none; width: 20px; height: 20px; }
    .question { font-size: 1.15em; font-weight: 600; margin: 0 0 4px; }
    .wait { margin: 0; color: var(--vscode-descriptionForeground); }
  `]
  static override properties = { component: { attribute: false } }
  declare component: Component

  override render() {
    return html`<div class="identity" role="status" data-testid="confirm-identity">
      ${spinner('Waiting for identity confirmation')}
      <div>
        <p class="question">${this.component.label}</p>
        <p class="wait">Confirm your identity in the dialog VS Code shows.</p>
      </div>
    </div>`
  }
}
customElement('io-confirm-identity', IoConfirmIdentity)
