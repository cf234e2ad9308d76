// One place that maps an io method to the element that draws it.
import { html, type TemplateResult } from 'lit'
import { isDisplay, type Component } from '../../src/core/protocol'
import './io-input-text'
import './io-input-email'
import './io-input-number'
import './io-input-boolean'
import './io-confirm'
import { renderDisplay } from './displays'


/** Draws one component of a prompt or the feed; `value`/`error` are ignored by displays. */
export function renderComponent(c: Component, value: unknown, error: string | null, busy = false): TemplateResult {
  switch (c.method) {
    case 'INPUT_TEXT':
      return html`<io-input-text .component=${c} .value=${value} .error=${error}></io-input-text>`
    case 'INPUT_EMAIL':
      return html`<io-input-email .component=${c} .value=${value} .error=${error}></io-input-email>`
    case 'INPUT_NUMBER':
      return html`<io-input-number .component=${c} .value=${value} .error=${error}></io-input-number>`
    case 'INPUT_BOOLEAN':
      return html`<io-input-boolean .component=${c} .value=${value} .error=${error}></io-input-boolean>`
    case 'CONFIRM':
      return html`<io-confirm .component=${c} .error=${error} ?busy=${busy}></io-confirm>`
    default:
      if (isDisplay(c.method)) return renderDisplay(c)
      return html`<p class="unsupported">${c.label} (${c.method} is not supported by this view yet)</p>`
  }
}

/** The value a component starts with when the host sent none. */
export function initialValue(c: Component): unknown {
  const d = c.props.defaultValue
  switch (c.method) {
    case 'INPUT_TEXT':
    case 'INPUT_EMAIL':
      return typeof d === 'string' ? d : ''
    case 'INPUT_NUMBER':
      return typeof d === 'number' ? String(d) : ''
    case 'INPUT_BOOLEAN':
      return d === true
    default:
      return null
  }
}
