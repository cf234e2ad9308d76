import { LitElement, html } from 'lit'
import type { Component } from '../../src/core/protocol'
import { renderMarkdown } from '../app/markdown'
import { baseStyles, markdownStyles } from '../app/styles'
import { customElement } from './define'

/** io.display.markdown: the label is the markdown source. */
export class IoDisplayMarkdown extends LitElement {
  static override styles = [baseStyles, markdownStyles]
  static override properties = { component: { attribute: false } }
  declare component: Component

  override render() {
    return html`${renderMarkdown(this.component.label)}`
  }
}
customElement('io-display-markdown', IoDisplayMarkdown)
