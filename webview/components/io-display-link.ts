import { LitElement, css, html } from 'lit'
import type { Component, LinkWire } from '../../src/core/protocol'
import { displayStyles } from '../app/display-styles'
import { linkTarget, renderLink } from '../app/links'
import { baseStyles } from '../app/styles'
import { customElement } from './define'

/** io.display.link: the label as a link to a URL or another action; a click posts `open`. */
export class IoDisplayLink extends LitElement {
  static override styles = [baseStyles, displayStyles, css`
    a { overflow-wrap: anywhere; }
    a.danger, a.danger:hover { color: var(--vscode-errorForeground); }
    .blocked { text-decoration: underline dotted; }
  `]
  static override properties = { component: { attribute: false } }
  declare component: Component

  override render() {
    const p = this.component.props as Partial<LinkWire> & { theme?: unknown }
    const target = linkTarget(p)
    if (!target) {
      return html`<span class="blocked" title="Not opened: only http, https and mailto links or actions can be opened">${this.component.label}</span>`
    }
    return renderLink(target, this.component.label, p.theme === 'danger' ? 'danger' : '')
  }
}
customElement('io-display-link', IoDisplayLink)
