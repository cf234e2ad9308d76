// The selected step under the graph: its state, action, dependencies, attempts
// and times, why it was skipped or canceled, then its error, its result and its
// log, drawn by the same views as a transaction's (error-view, result-view).
import { html, nothing, type TemplateResult } from 'lit'
import type { WorkflowStepView } from '../../src/core/protocol'
import { renderError, renderLogs, type OpenSource } from './error-view'
import { formatTime } from './format'
import { renderResult } from './result-view'
import { attemptsText, durationText, isActive, personIcon, statusIcon, statusLabel } from './workflow-status'

export interface DetailsHandlers {
  close: () => void
  open?: (childTx: string) => void
  openSource: OpenSource
  /** Names the result's table rows (kept per result). */
  resultKey: string
}

export function renderStepDetails(s: WorkflowStepView, now: number, h: DetailsHandlers): TemplateResult {
  const dur = durationText(s, now)
  return html`<section class="wf-details st-${s.status}" id="wf-details" data-testid="step-details" aria-labelledby="wf-details-title">
    <div class="wf-details-head">
      <h3 id="wf-details-title" class="wf-details-title">${statusIcon(s.status)}<span>Step <span class="wf-id">${s.id}</span></span></h3>
      <span class="wf-badge" data-testid="step-status">${statusLabel(s)}</span>
      <span class="wf-details-actions">
        ${s.childTx && h.open
          ? html`<button type="button" class="link-button" data-testid="step-open" @click=${() => h.open!(s.childTx!)}>Open its transaction</button>`
          : nothing}
        <button type="button" class="link-button" data-testid="step-close" aria-label="Close step details" @click=${h.close}>Close</button>
      </span>
    </div>
    <dl class="kv">
      ${s.action ? html`<dt>Action</dt><dd>${s.childTx ? html`${personIcon()} ` : nothing}<code>${s.action}</code>${s.childTx ? html` <span class="muted">(answered by a person)</span>` : nothing}</dd>` : nothing}
      <dt>Depends on</dt><dd>${s.dependsOn.length ? s.dependsOn.join(', ') : html`<span class="muted">nothing</span>`}</dd>
      <dt>Attempts</dt><dd data-testid="step-attempts">${attemptsText(s)}</dd>
      ${s.startedAt ? html`<dt>Started</dt><dd><time datetime=${s.startedAt}>${formatTime(s.startedAt)}</time></dd>` : nothing}
      ${s.endedAt ? html`<dt>Ended</dt><dd><time datetime=${s.endedAt}>${formatTime(s.endedAt)}</time></dd>` : nothing}
      ${dur ? html`<dt>Duration</dt><dd data-testid="step-duration">${dur}${isActive(s) ? html` <span class="muted">so far</span>` : nothing}</dd>` : nothing}
    </dl>
    ${s.reason ? html`<p class="wf-reason" data-testid="step-reason"><span class="muted">${s.status === 'canceled' ? 'Canceled' : 'Skipped'}:</span> ${s.reason}</p>` : nothing}
    ${s.error ? renderError(s.error, h.openSource) : nothing}
    ${s.result !== undefined ? renderResult(s.result, h.resultKey) : nothing}
    ${renderLogs(s.logs, { follow: isActive(s) })}
    ${!s.error && s.result === undefined && !s.logs.length && !s.reason
      ? html`<p class="muted" data-testid="step-empty">${s.status === 'pending' ? 'Not started yet.' : isActive(s) ? 'No result or log yet.' : 'No result or log.'}</p>`
      : nothing}
  </section>`
}
