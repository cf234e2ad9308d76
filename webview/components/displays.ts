// Maps each io.display method to the element that draws it.
import { html, type TemplateResult } from 'lit'
import type { Component } from '../../src/core/protocol'
import './io-display-markdown'

export function renderDisplay(c: Component): TemplateResult {
  switch (c.method) {
    case 'DISPLAY_MARKDOWN':
      return html`<io-display-markdown .component=${c}></io-display-markdown>`
    default:
      return html`<p class="unsupported">${c.label} (${c.method} is not supported by this view yet)</p>`
  }
}
