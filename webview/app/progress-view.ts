// The ctx.loading milestones of a finished transaction: what it was doing,
// how far it got, and when (as time since the start, the clock in the title).
import { html, nothing, type TemplateResult } from 'lit'
import type { HistoryEntry } from '../../src/core/protocol'
import { formatDuration, formatTime } from './format'

type Milestone = NonNullable<HistoryEntry['progress']>[number]
const count = new Intl.NumberFormat()

function items(m: Milestone): string {
  if (m.itemsInQueue === undefined) return m.itemsCompleted !== undefined ? `${count.format(m.itemsCompleted)} done` : ''
  return `${count.format(m.itemsCompleted ?? 0)} of ${count.format(m.itemsInQueue)} done`
}

export function renderProgress(progress: Milestone[], startedAt: string): TemplateResult {
  return html`<section aria-labelledby="progress-title" data-testid="progress">
    <h2 class="section-title" id="progress-title">Progress</h2>
    <ol class="milestones">${progress.map((m) => {
      const after = formatDuration(startedAt, m.at)
      const done = items(m)
      return html`<li class="milestone">
        <time class="muted" datetime=${m.at} title=${formatTime(m.at)}>${after ? `+${after}` : formatTime(m.at)}</time>
        <div>
          <div>${m.label ?? 'Working…'}${done ? html` <span class="muted">· ${done}</span>` : nothing}</div>
          ${m.description ? html`<div class="muted">${m.description}</div>` : nothing}
        </div>
      </li>`
    })}</ol>
  </section>`
}
