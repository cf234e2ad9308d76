import { LitElement, css, html, nothing } from 'lit'
import type { Component } from '../../src/core/protocol'
import { displayStyles } from '../app/display-styles'
import { safeVideoUrl } from '../app/links'
import { baseStyles } from '../app/styles'
import { customElement } from './define'
import { pixels, sizeClass } from './io-display-image'

/** io.display.video: an https: or data: video with controls; loop, muted and size. */
export class IoDisplayVideo extends LitElement {
  static override styles = [baseStyles, displayStyles, css`
    figure { margin: 0; }
    figcaption { margin: 0 0 6px; }
    video { display: block; background: var(--vscode-textCodeBlock-background); border-radius: 2px; }
    video.fill { width: 100%; }
  `]
  static override properties = { component: { attribute: false } }
  declare component: Component

  override render() {
    const p = this.component.props
    const src = safeVideoUrl(p.url)
    const width = pixels(p.width)
    const height = pixels(p.height)
    const cls = width || height ? '' : `${sizeClass(p.size, 'large')} fill`
    return html`<figure>
      ${this.component.label ? html`<figcaption class="display-label">${this.component.label}</figcaption>` : nothing}
      ${src
        ? html`<video
            class=${cls}
            src=${src}
            controls
            preload="metadata"
            aria-label=${this.component.label || 'Video'}
            ?loop=${p.loop === true}
            ?muted=${p.muted === true}
            .muted=${p.muted === true}
            width=${width ?? nothing}
            height=${height ?? nothing}
          >Your view cannot play this video.</video>`
        : html`<p class="blocked">Video not shown: only https: and data:video URLs can be played.</p>`}
    </figure>`
  }
}
customElement('io-display-video', IoDisplayVideo)
