// When each step ran: one row per step (in the graph's column order, so rows
// never move), a bar from its start to its end on a scale from the first
// step's start; a step still running reaches `now`. Bars are SVG rects in a
// stretched viewBox: their place is an attribute, never an inline style (the
// panel's CSP refuses those).
import { html, nothing, svg, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { WorkflowStepView } from '../../src/core/protocol'
import { formatMs } from './format'
import { durationText, isActive, statusIcon, statusLabel } from './workflow-status'

/** Width of the bars' coordinate space; the SVG stretches it to the track's width. */
const SCALE = 1000

interface Span { origin: number; end: number }

function spanOf(steps: WorkflowStepView[], now: number): Span | undefined {
  let origin = Infinity
  let end = -Infinity
  for (const s of steps) {
    if (!s.startedAt) continue
    const start = Date.parse(s.startedAt)
    const stop = s.endedAt ? Date.parse(s.endedAt) : isActive(s) ? now : start
    if (Number.isFinite(start)) origin = Math.min(origin, start)
    if (Number.isFinite(stop)) end = Math.max(end, stop)
  }
  return Number.isFinite(origin) ? { origin, end: Math.max(end, origin + 1) } : undefined
}

function bar(s: WorkflowStepView, span: Span, now: number): TemplateResult | typeof nothing {
  if (!s.startedAt) return nothing
  const start = Date.parse(s.startedAt)
  const stop = s.endedAt ? Date.parse(s.endedAt) : isActive(s) ? now : start
  const k = SCALE / (span.end - span.origin)
  const x = (start - span.origin) * k
  // At least a sliver, so an instant step is still seen.
  const w = Math.max(3, (stop - start) * k)
  return svg`<rect class="wf-bar" data-testid="timeline-bar" x=${Math.min(x, SCALE - 3)} y="2" width=${w} height="10"/>`
}

export function renderTimeline(ordered: WorkflowStepView[], now: number): TemplateResult {
  const span = spanOf(ordered, now)
  return html`<section class="wf-timeline" data-testid="timeline" aria-labelledby="wf-timeline-title">
    <h3 class="section-title" id="wf-timeline-title">Timeline</h3>
    ${span
      ? html`<div class="wf-tl-axis muted" aria-hidden="true"><span></span><span class="wf-tl-scale"><span>0 s</span><span>${formatMs(span.end - span.origin)}</span></span><span></span></div>`
      : html`<p class="muted">No step has started yet.</p>`}
    <div class="wf-tl-rows" role="list" tabindex="0" aria-label="Steps over time">
      ${repeat(ordered, (s) => s.id, (s) => html`<div class="wf-tl-row st-${s.status}" role="listitem" data-testid="timeline-row"
        aria-label=${`${s.id}: ${statusLabel(s)}${s.startedAt && span ? `, started at ${formatMs(Date.parse(s.startedAt) - span.origin)}` : ''}${durationText(s, now) ? `, ran ${durationText(s, now)}` : ''}`}>
        <span class="wf-tl-label">${statusIcon(s.status)}<span class="wf-id">${s.id}</span></span>
        <svg class="wf-tl-track" viewBox=${`0 0 ${SCALE} 14`} preserveAspectRatio="none" aria-hidden="true">${span ? bar(s, span, now) : nothing}</svg>
        <span class="wf-tl-dur muted">${durationText(s, now)}</span>
      </div>`)}
    </div>
  </section>`
}
