import { LitElement, html } from 'lit'
import type { Component } from '../../src/core/protocol'
import { lazy } from '../app/lazy'
import { baseStyles, markdownStyles } from '../app/styles'
import { customElement } from './define'

const markdown = lazy(() => import('../app/markdown'))

/** io.display.markdown: the label is the markdown source. */
export class IoDisplayMarkdown extends LitElement {
  static override styles = [baseStyles, markdownStyles]
  static override properties = { component: { attribute: false } }
  declare component: Component

  override render() {
    // The source as text for the moment the lexer's chunk loads.
    return markdown.get(this)?.renderMarkdown(this.component.label) ?? html`<p class="md-loading">${this.component.label}</p>`
  }
}
customElement('io-display-markdown', IoDisplayMarkdown)
