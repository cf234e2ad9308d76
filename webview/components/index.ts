// One place that maps an io method to the element that draws it.
import { html, type TemplateResult } from 'lit'
import { isDisplay, type Component } from '../../src/core/protocol'
import './io-input-text'
import './io-input-email'
import './io-input-number'
import './io-input-boolean'
import './io-input-slider'
import './io-input-rich-text'
import './io-input-url'
import './io-input-date'
import './io-input-time'
import './io-input-datetime'
import './io-input-file'
import './io-select-single'
import './io-select-multiple'
import './io-search'
import './io-table'
import './io-confirm'
import './io-confirm-identity'
import { renderDisplay } from './displays'
import { sanitizeHtml } from './rich-html'

/** Where a component sits: its screen (prompt seq) and its index on it. io.search needs both. */
export interface Place {
  seq: number
  index: number
}

/** Draws one component of a prompt or the feed; `value`/`error` are ignored by displays. */
export function renderComponent(c: Component, value: unknown, error: string | null, busy = false, place?: Place): TemplateResult {
  switch (c.method) {
    case 'INPUT_TEXT':
      return html`<io-input-text .component=${c} .value=${value} .error=${error}></io-input-text>`
    case 'INPUT_EMAIL':
      return html`<io-input-email .component=${c} .value=${value} .error=${error}></io-input-email>`
    case 'INPUT_NUMBER':
      return html`<io-input-number .component=${c} .value=${value} .error=${error}></io-input-number>`
    case 'INPUT_BOOLEAN':
      return html`<io-input-boolean .component=${c} .value=${value} .error=${error}></io-input-boolean>`
    case 'INPUT_SLIDER':
      return html`<io-input-slider .component=${c} .value=${value} .error=${error}></io-input-slider>`
    case 'INPUT_RICH_TEXT':
      return html`<io-input-rich-text .component=${c} .value=${value} .error=${error}></io-input-rich-text>`
    case 'INPUT_URL':
      return html`<io-input-url .component=${c} .value=${value} .error=${error}></io-input-url>`
    case 'INPUT_DATE':
      return html`<io-input-date .component=${c} .value=${value} .error=${error}></io-input-date>`
    case 'INPUT_TIME':
      return html`<io-input-time .component=${c} .value=${value} .error=${error}></io-input-time>`
    case 'INPUT_DATETIME':
      return html`<io-input-datetime .component=${c} .value=${value} .error=${error}></io-input-datetime>`
    case 'INPUT_FILE':
      return html`<io-input-file .component=${c} .value=${value} .error=${error}></io-input-file>`
    case 'SELECT_SINGLE':
      return html`<io-select-single .component=${c} .value=${value} .error=${error}></io-select-single>`
    case 'SELECT_MULTIPLE':
      return html`<io-select-multiple .component=${c} .value=${value} .error=${error}></io-select-multiple>`
    case 'SELECT_TABLE':
      return html`<io-table .component=${c} .value=${value} .error=${error}></io-table>`
    case 'SEARCH':
      return html`<io-search .component=${c} .value=${value} .error=${error} .seq=${place?.seq ?? -1} .index=${place?.index ?? -1}></io-search>`
    case 'CONFIRM':
      return html`<io-confirm .component=${c} .error=${error} ?busy=${busy}></io-confirm>`
    case 'CONFIRM_IDENTITY':
      return html`<io-confirm-identity .component=${c}></io-confirm-identity>`
    default:
      if (isDisplay(c.method)) return renderDisplay(c)
      return html`<p class="unsupported">${c.label} (${c.method} is not supported by this view yet)</p>`
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** The value a component starts with when the host sent none: its defaultValue in answer (wire) form. */
export function initialValue(c: Component): unknown {
  const d = c.props.defaultValue
  switch (c.method) {
    case 'INPUT_TEXT':
    case 'INPUT_EMAIL':
    case 'INPUT_URL':
      return typeof d === 'string' ? d : ''
    case 'INPUT_NUMBER':
      return typeof d === 'number' ? String(d) : ''
    case 'INPUT_BOOLEAN':
      return d === true
    case 'INPUT_SLIDER': {
      // A range always shows a value: without a default it starts at min.
      if (isNum(d)) return d
      return isNum(c.props.min) ? c.props.min : 0
    }
    case 'INPUT_RICH_TEXT':
      // Untouched, the answer is the default as the editor would write it: allowlisted.
      return typeof d === 'string' ? sanitizeHtml(d) : ''
    case 'INPUT_DATE':
    case 'INPUT_TIME':
      return d && typeof d === 'object' ? d : null
    case 'INPUT_DATETIME':
      return typeof d === 'string' ? d : null
    case 'SELECT_SINGLE':
      return isNum(d) ? d : null
    case 'SELECT_MULTIPLE':
      return Array.isArray(d) ? d.filter(isNum) : []
    case 'SELECT_TABLE': {
      const picked = c.props.initiallySelected
      return Array.isArray(picked) ? [...new Set(picked.filter((i): i is number => Number.isInteger(i)))].sort((a, b) => a - b) : []
    }
    case 'SEARCH': {
      const keys = Array.isArray(d) ? d.map((r) => (r && typeof r === 'object' ? (r as { key?: unknown }).key : undefined)).filter((k): k is string => typeof k === 'string') : []
      return c.multiple ? keys : keys[0] ?? null
    }
    case 'INPUT_FILE':
      return c.multiple ? [] : null
    default:
      return null
  }
}
