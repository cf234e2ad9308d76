// How a workflow step's state reads: its label ("retrying 2/4"), its icon (a
// shape per state, so colour is never the only cue), its duration and attempts.
// Shared by the graph's nodes, the timeline and the details panel.
import { svg, type SVGTemplateResult, type TemplateResult, html } from 'lit'
import type { WorkflowStepView } from '../../src/core/protocol'
import { formatMs } from './format'

type Status = WorkflowStepView['status']

export function statusLabel(s: WorkflowStepView): string {
  return s.status === 'retrying' ? `retrying ${s.attempt}/${s.maxAttempts}` : s.status
}

/** Still going: its duration runs to `now`. */
export const isActive = (s: WorkflowStepView): boolean => s.status === 'running' || s.status === 'retrying'

/** ms it ran (to `now` while it runs); undefined before it started. */
export function durationMs(s: WorkflowStepView, now: number): number | undefined {
  if (!s.startedAt) return undefined
  const start = Date.parse(s.startedAt)
  const end = s.endedAt ? Date.parse(s.endedAt) : isActive(s) ? now : undefined
  if (end === undefined || !Number.isFinite(start) || !Number.isFinite(end)) return undefined
  return Math.max(0, end - start)
}

export function durationText(s: WorkflowStepView, now: number): string {
  const ms = durationMs(s, now)
  return ms === undefined ? '' : formatMs(ms)
}

export function attemptsText(s: WorkflowStepView): string {
  if (s.attempt > 0) return `attempt ${s.attempt} of ${s.maxAttempts}`
  return s.status === 'pending' ? `up to ${s.maxAttempts} ${s.maxAttempts === 1 ? 'attempt' : 'attempts'}` : 'not run'
}

/** What a screen reader says for a node: everything the node shows. */
export function nodeLabel(s: WorkflowStepView, now: number): string {
  const d = durationText(s, now)
  return [s.id, s.childTx ? 'human step' : '', statusLabel(s), attemptsText(s), d ? `duration ${d}` : '']
    .filter(Boolean).join(', ')
}

// 16×16 glyphs drawn with currentColor (the state's colour), each a distinct shape.
const GLYPHS: Record<Status, SVGTemplateResult> = {
  pending: svg`<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.5"/>`,
  running: svg`<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.5" opacity=".35"/>
    <path class="spin" d="M8 2.5a5.5 5.5 0 0 1 5.5 5.5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>`,
  retrying: svg`<path d="M13 8a5 5 0 1 1-1.6-3.7" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
    <path d="M12.6 1.6v3.4H9.2" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>`,
  completed: svg`<circle cx="8" cy="8" r="7" fill="currentColor"/>
    <path d="M4.8 8.2l2.2 2.2 4.2-4.6" fill="none" stroke="var(--wf-on-status, #fff)" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"/>`,
  failed: svg`<circle cx="8" cy="8" r="7" fill="currentColor"/>
    <path d="M5.5 5.5l5 5M10.5 5.5l-5 5" stroke="var(--wf-on-status, #fff)" stroke-width="1.7" stroke-linecap="round"/>`,
  skipped: svg`<path d="M3 4l4 4-4 4M8.5 4l4 4-4 4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>`,
  canceled: svg`<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.5"/>
    <path d="M4.2 11.8l7.6-7.6" stroke="currentColor" stroke-width="1.5"/>`,
}

/** The state's icon, hidden from screen readers (the label says it). */
export function statusIcon(status: Status): TemplateResult {
  return html`<svg class="wf-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">${GLYPHS[status]}</svg>`
}

/** A person: the step is an action a human answers. */
export function personIcon(): TemplateResult {
  return html`<svg class="wf-person" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
    <circle cx="8" cy="4.8" r="2.8" fill="currentColor"/><path d="M2.5 14.5c0-3.2 2.5-5.3 5.5-5.3s5.5 2.1 5.5 5.3z" fill="currentColor"/>
  </svg>`
}
