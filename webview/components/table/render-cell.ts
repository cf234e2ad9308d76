// One table cell as a template: text cut with an ellipsis (the full text in
// `title`), numbers right-aligned, a rich cell's thumbnail, link and highlight.
// Links never navigate: a click fires OPEN_EVENT (see app/links.ts).
import { html, nothing, type TemplateResult } from 'lit'
import type { CellWire, RichCellWire } from '../../../src/core/protocol'
import { HIGHLIGHT_COLORS } from '../../../src/core/protocol'
import { describeTarget, dispatchOpen, keepEnter, linkTarget, safeImageUrl } from '../../app/links'
import { cellText, isRich } from './cells'

const HIGHLIGHTS: ReadonlySet<string> = new Set(HIGHLIGHT_COLORS)

function onLink(e: MouseEvent, target: NonNullable<ReturnType<typeof linkTarget>>): void {
  e.preventDefault()
  e.stopPropagation() // not also a click on the row (which would toggle its selection)
  dispatchOpen(e.currentTarget as Element, target)
}

function rich(c: RichCellWire, tabbable: boolean): TemplateResult {
  const src = c.img ? safeImageUrl(c.img.url) : null
  const target = linkTarget(c)
  const label = target
    ? html`<a href=${'url' in target ? target.url : '#'} title=${describeTarget(target)} tabindex=${tabbable ? 0 : -1}
        @click=${(e: MouseEvent) => onLink(e, target)} @keydown=${keepEnter}>${c.l}</a>`
    : c.l
  const body = c.hl && HIGHLIGHTS.has(c.hl) ? html`<span class="pill hl-${c.hl}">${label}</span>` : html`<span class="text">${label}</span>`
  return html`${src ? html`<img src=${src} alt=${c.img?.alt ?? ''} loading="lazy" />` : nothing}${body}`
}

/** `tabbable`: the row holding the Tab stop lets Tab reach its links. */
export function renderCell(c: CellWire | undefined, numeric: boolean, tabbable: boolean, role = 'gridcell'): TemplateResult {
  const text = cellText(c)
  return html`<div role=${role} class=${numeric ? 'cell num' : 'cell'} title=${text || nothing}>${isRich(c) ? rich(c, tabbable) : html`<span class="text">${text}</span>`}</div>`
}
