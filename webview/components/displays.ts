// Maps each io.display method to the element that draws it.
import { html, type TemplateResult } from 'lit'
import type { Component } from '../../src/core/protocol'
import './io-display-code'
import './io-display-heading'
import './io-display-html'
import './io-display-image'
import './io-display-link'
import './io-display-markdown'
import './io-display-metadata'
import './io-display-object'
import './io-display-video'
import './io-grid'
import './io-table'

export function renderDisplay(c: Component): TemplateResult {
  switch (c.method) {
    case 'DISPLAY_HEADING':
      return html`<io-display-heading .component=${c}></io-display-heading>`
    case 'DISPLAY_MARKDOWN':
      return html`<io-display-markdown .component=${c}></io-display-markdown>`
    case 'DISPLAY_HTML':
      return html`<io-display-html .component=${c}></io-display-html>`
    case 'DISPLAY_CODE':
      return html`<io-display-code .component=${c}></io-display-code>`
    case 'DISPLAY_LINK':
      return html`<io-display-link .component=${c}></io-display-link>`
    case 'DISPLAY_IMAGE':
      return html`<io-display-image .component=${c}></io-display-image>`
    case 'DISPLAY_VIDEO':
      return html`<io-display-video .component=${c}></io-display-video>`
    case 'DISPLAY_OBJECT':
      return html`<io-display-object .component=${c}></io-display-object>`
    case 'DISPLAY_METADATA':
      return html`<io-display-metadata .component=${c}></io-display-metadata>`
    case 'DISPLAY_TABLE':
      return html`<io-table .component=${c}></io-table>`
    case 'DISPLAY_GRID':
      return html`<io-grid .component=${c}></io-grid>`
    default:
      return html`<p class="unsupported">${c.label} (${c.method} is not supported by this view yet)</p>`
  }
}
