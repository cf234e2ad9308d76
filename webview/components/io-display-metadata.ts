import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import type { Component, MetadataItemWire } from '../../src/core/protocol'
import { displayStyles } from '../app/display-styles'
import { linkTarget, renderLink, safeImageUrl } from '../app/links'
import { baseStyles } from '../app/styles'
import { spinner } from '../primitives'
import { customElement } from './define'
import { sizeClass } from './io-display-image'

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 20 })

/** A metadata value as text: numbers grouped, ISO dates in the person's locale, nested values as JSON. */
export function formatMetadataValue(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—'
  if (typeof v === 'number') return Number.isFinite(v) ? numberFormat.format(v) : String(v)
  if (typeof v === 'boolean') return v ? 'Yes' : 'No'
  if (typeof v === 'string') {
    if (ISO_DATE.test(v)) {
      const d = new Date(v.length === 10 ? `${v}T00:00:00` : v)
      if (!Number.isNaN(d.getTime())) return v.length === 10 ? d.toLocaleDateString() : d.toLocaleString()
    }
    return v
  }
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

/** io.display.metadata: label/value pairs laid out as a grid, a list or a card; values may still be loading. */
export class IoDisplayMetadata extends LitElement {
  static override styles = [baseStyles, displayStyles, css`
    dl { margin: 0; }
    dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
    dt { color: var(--vscode-descriptionForeground); }
    .grid, .card { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 12px 24px; }
    .grid .item, .card .item { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
    .grid dt, .card dt { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
    .card {
      padding: 12px 16px;
      border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, currentColor));
      border-radius: 4px;
      background: var(--vscode-editorWidget-background, var(--vscode-sideBar-background, transparent));
    }
    .list { display: grid; grid-template-columns: minmax(100px, max-content) 1fr; }
    .list .item { display: contents; }
    .list dt, .list dd { padding: 5px 0; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); }
    .list dt { padding-right: 24px; }
    .list .item:last-child dt, .list .item:last-child dd { border-bottom: 0; }
    .value { display: flex; flex-direction: column; gap: 4px; align-items: flex-start; }
    .pending { display: inline-flex; align-items: center; gap: 6px; color: var(--vscode-descriptionForeground); }
    .pending vscode-progress-ring { height: 14px; width: 14px; }
    img { display: block; border-radius: 2px; }
  `]
  static override properties = { component: { attribute: false } }
  declare component: Component

  override render() {
    const p = this.component.props
    const layout = p.layout === 'list' || p.layout === 'card' ? p.layout : 'grid'
    const items = Array.isArray(p.data) ? (p.data as MetadataItemWire[]).filter((d) => d && typeof d.label === 'string') : []
    const label = this.component.label
    return html`${label ? html`<div class="display-label" id="label">${label}</div>` : nothing}
      <dl class=${layout} aria-labelledby=${label ? 'label' : nothing}>
        ${items.map((item) => html`<div class="item"><dt>${item.label}</dt><dd aria-busy=${item.pending ? 'true' : 'false'}>${this.value(item)}</dd></div>`)}
      </dl>`
  }

  private value(item: MetadataItemWire): TemplateResult {
    if (item.pending) return html`<span class="pending">${spinner(`Loading ${item.label}`)}Loading…</span>`
    if (typeof item.error === 'string') return html`<span class="error-text">${item.error || 'Could not load this value.'}</span>`
    const src = item.image ? safeImageUrl(item.image.url) : null
    const image = src
      ? html`<img class=${sizeClass(item.image?.size, 'thumbnail')} src=${src} alt=${item.image?.alt ?? item.label} />`
      : nothing
    const hasValue = item.value !== undefined && item.value !== null && item.value !== ''
    const text = formatMetadataValue(item.value)
    const target = linkTarget(item)
    // A link with no value shows its label, so it is not an unclickable "—".
    const content = target ? renderLink(target, hasValue ? text : item.label) : src && !hasValue ? nothing : text
    return html`<span class="value">${image}${content}</span>`
  }
}
customElement('io-display-metadata', IoDisplayMetadata)
