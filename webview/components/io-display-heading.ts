import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import type { Component, MenuItemWire } from '../../src/core/protocol'
import { displayStyles } from '../app/display-styles'
import { describeTarget, dispatchOpen, linkTarget } from '../app/links'
import { baseStyles } from '../app/styles'
import { customElement } from './define'

/** io.display.heading: h2–h4, a description, and menu items as buttons that post `open`. */
export class IoDisplayHeading extends LitElement {
  static override styles = [baseStyles, displayStyles, css`
    .heading-row { display: flex; align-items: center; gap: 8px 16px; flex-wrap: wrap; }
    h2, h3, h4 { margin: 0; font-weight: 600; overflow-wrap: anywhere; flex: 1 1 auto; min-width: 0; }
    h2 { font-size: 1.3em; }
    h3 { font-size: 1.15em; }
    h4 { font-size: 1em; }
    .menu { display: flex; gap: 6px; flex-wrap: wrap; }
    .description { margin: 4px 0 0; color: var(--vscode-descriptionForeground); }
  `]
  static override properties = { component: { attribute: false } }
  declare component: Component

  override render() {
    const p = this.component.props
    const level = p.level === 3 || p.level === 4 ? p.level : 2
    const label = this.component.label
    const title = level === 2 ? html`<h2>${label}</h2>` : level === 3 ? html`<h3>${label}</h3>` : html`<h4>${label}</h4>`
    const items = Array.isArray(p.menuItems) ? (p.menuItems as MenuItemWire[]).filter((m) => m && typeof m.label === 'string') : []
    return html`<div class="heading-row">
        ${title}
        ${items.length ? html`<div class="menu" role="group" aria-label=${`${label} actions`}>${items.map((m) => this.menuButton(m))}</div>` : nothing}
      </div>
      ${typeof p.description === 'string' && p.description ? html`<p class="description">${p.description}</p>` : nothing}`
  }

  private menuButton(m: MenuItemWire): TemplateResult {
    const target = linkTarget(m)
    const disabled = m.disabled === true || !target
    const theme = m.theme === 'danger' ? 'danger' : m.theme === 'secondary' ? 'secondary' : 'primary'
    return html`<button
      type="button"
      class="btn ${theme}"
      ?disabled=${disabled}
      title=${target ? describeTarget(target) : nothing}
      @click=${(e: Event) => { if (target && !disabled) dispatchOpen(e.currentTarget as Element, target) }}
    >${m.label}</button>`
  }
}
customElement('io-display-heading', IoDisplayHeading)
