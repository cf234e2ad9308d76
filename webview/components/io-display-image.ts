import { LitElement, css, html, nothing } from 'lit'
import type { Component } from '../../src/core/protocol'
import { displayStyles } from '../app/display-styles'
import { safeImageUrl } from '../app/links'
import { baseStyles } from '../app/styles'
import { customElement } from './define'

const SIZES = new Set(['thumbnail', 'small', 'medium', 'large'])
/** A width/height prop usable as an attribute: a positive pixel count. */
export const pixels = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : undefined
export const sizeClass = (v: unknown, fallback: string): string => `size-${typeof v === 'string' && SIZES.has(v) ? v : fallback}`

/** io.display.image: an https: or data: image, with alt text and a size. */
export class IoDisplayImage extends LitElement {
  static override styles = [baseStyles, displayStyles, css`
    figure { margin: 0; }
    figcaption { margin: 0 0 6px; }
    img { display: block; border-radius: 2px; }
  `]
  static override properties = { component: { attribute: false } }
  declare component: Component

  override render() {
    const p = this.component.props
    const src = safeImageUrl(p.url)
    const alt = typeof p.alt === 'string' ? p.alt : this.component.label
    // Width/height are attributes (never style: the CSP refuses inline styles); the size caps the width.
    const width = pixels(p.width)
    const height = pixels(p.height)
    const cls = width || height ? '' : sizeClass(p.size, 'medium')
    return html`<figure>
      ${this.component.label ? html`<figcaption class="display-label">${this.component.label}</figcaption>` : nothing}
      ${src
        ? html`<img class=${cls} src=${src} alt=${alt} width=${width ?? nothing} height=${height ?? nothing} />`
        : html`<p class="blocked">Image not shown: only https: and data:image URLs can be displayed.</p>`}
    </figure>`
  }
}
customElement('io-display-image', IoDisplayImage)
