import { LitElement, css, html, nothing } from 'lit'
import type { Component } from '../../src/core/protocol'
import { displayStyles } from '../app/display-styles'
import { sanitizeHtml } from '../app/sanitize-html'
import { baseStyles, markdownStyles } from '../app/styles'
import { customElement } from './define'

/** io.display.html: the html prop, rebuilt from an allowlist (see sanitize-html.ts). */
export class IoDisplayHtml extends LitElement {
  static override styles = [baseStyles, markdownStyles, displayStyles, css`
    .sanitized-html { overflow-wrap: anywhere; }
    .sanitized-html table { margin: 0 0 8px; }
    .sanitized-html img { max-width: 100%; }
  `]
  static override properties = { component: { attribute: false } }
  declare component: Component

  private source: string | undefined
  private built: HTMLElement | undefined

  override render() {
    const source = typeof this.component.props.html === 'string' ? this.component.props.html : ''
    if (source !== this.source || !this.built) {
      this.source = source
      this.built = sanitizeHtml(source)
    }
    return html`${this.component.label ? html`<div class="display-label">${this.component.label}</div>` : nothing}${this.built}`
  }
}
customElement('io-display-html', IoDisplayHtml)
