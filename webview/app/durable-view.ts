// Durable transactions in the panel and in History: the ctx.run step running
// now, how often a run was resumed after a reload, why a resumed run could
// not go on (divergence), the choice offered when its code changed, and the
// list of steps with their attempts.
import { html, nothing, type TemplateResult } from 'lit'
import type { Divergence, DurableStep, TxView, WebviewToHost } from '../../src/core/protocol'
import { button, spinner } from '../primitives'
import { formatMs } from './format'

type Post = (m: WebviewToHost) => void
type RunningStep = NonNullable<TxView['step']>

const times = (n: number): string => (n === 1 ? 'once' : `${n} times`)
const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`

/** The header's mark next to the status. */
export function renderResumed(n: number | undefined): TemplateResult | typeof nothing {
  if (!n) return nothing
  return html`<span class="resumed muted" data-testid="resumed"
    title="VS Code reloaded or crashed while this ran; it resumed where it left off">Resumed ${times(n)}</span>`
}

const attempt = (s: RunningStep): TemplateResult | typeof nothing =>
  s.attempt > 1 ? html` <span class="muted">· attempt ${s.attempt}</span>` : nothing

/** In place of the generic "Running…" while a ctx.run step works. */
export function renderRunningStep(s: RunningStep): TemplateResult {
  return html`<section class="loading" aria-label="Progress" data-testid="running-step">
    ${spinner(`Running step ${s.name}`)}<span>Running step “${s.name}”…${attempt(s)}</span>
  </section>`
}

/** Under a ctx.loading label, which says more than the step name and so stays first. */
export function renderStepLine(s: RunningStep): TemplateResult {
  return html`<div class="muted" data-testid="running-step">In step “${s.name}”${attempt(s)}</div>`
}

const restart = (post: Post, appearance: 'primary' | 'secondary'): TemplateResult => button({
  label: 'Restart', ariaLabel: 'Restart with the same params', title: 'Start a new transaction with the same params',
  appearance, testId: 'restart', onClick: () => post({ type: 'rerun' }),
})

// Named like the header's Cancel, which these cards replace.
const cancel = (post: Post, testId?: string): TemplateResult => button({
  label: 'Cancel', ariaLabel: 'Cancel transaction', appearance: 'secondary', testId, onClick: () => post({ type: 'cancel' }),
})

/**
 * Why a resumed run stopped. Live it offers Restart and Cancel; in History
 * (no `post`) the header's Re-run is the way on.
 */
export function renderDivergence(d: Divergence | undefined, post?: Post): TemplateResult {
  return html`<section class="card notice-card" data-testid="divergence" role="status" aria-labelledby="divergence-title">
    <h2 class="section-title" id="divergence-title">Could not resume</h2>
    <p>This transaction could not be resumed: its code now makes a different call at this point.</p>
    ${d
      ? html`<p data-testid="divergence-detail">Expected <code>${d.expected}</code> (answered before the reload), but the code now calls <code>${d.actual}</code>.</p>`
      : nothing}
    ${post ? html`<div class="card-actions">${restart(post, 'primary')}${cancel(post, 'cancel-diverged')}</div>` : nothing}
  </section>`
}

/** The run is held before resuming: the person chooses how it goes on. */
export function renderCodeChanged(actionName: string, post: Post): TemplateResult {
  return html`<section class="card notice-card" data-testid="code-changed" role="alert" aria-labelledby="code-changed-title">
    <h2 class="section-title" id="code-changed-title">Code changed</h2>
    <p>The code of <strong>${actionName}</strong> changed since this transaction started.
      Resume it with the new code, or restart it from the beginning with the same params.</p>
    <div class="card-actions">
      ${button({
        label: 'Resume with new code', testId: 'resume', title: 'Replay the answers given so far with the new code and go on from there',
        onClick: () => post({ type: 'resume' }),
      })}
      ${restart(post, 'secondary')}
      ${cancel(post, 'cancel-code-changed')}
    </div>
  </section>`
}

function stepStatus(s: DurableStep, ended: boolean): TemplateResult {
  switch (s.status) {
    case 'succeeded':
      return html`<span class="step-status step-succeeded">Succeeded</span>`
    case 'failed':
      return html`<span class="step-status step-failed">Failed</span>`
    default:
      // A step still "running" in a finished run is where it stopped.
      return html`<span class="step-status step-running">${ended ? 'Did not finish' : 'Running'}</span>`
  }
}

/** History's list of ctx.run steps, in order. */
export function renderDurableSteps(steps: DurableStep[], ended: boolean): TemplateResult {
  return html`<section aria-labelledby="durable-steps-title" data-testid="durable-steps">
    <h2 class="section-title" id="durable-steps-title">Durable steps</h2>
    <div class="table-wrap"><table class="durable-steps">
      <thead><tr><th scope="col">Step</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col" class="num">Duration</th></tr></thead>
      <tbody>${steps.map((s) => html`
        <tr class=${s.error ? 'has-error' : ''} data-testid="durable-step">
          <td class="step-name">${s.name}</td>
          <td>${stepStatus(s, ended)}</td>
          <td>${plural(s.attempts, 'attempt')}</td>
          <td class="num">${s.durationMs !== undefined ? formatMs(s.durationMs) : html`<span class="muted">—</span>`}</td>
        </tr>
        ${s.error
          ? html`<tr class="step-error-row"><td colspan="4"><span class="step-error" data-testid="durable-step-error"><strong>${s.error.name}</strong>: ${s.error.message}</span></td></tr>`
          : nothing}`)}
      </tbody>
    </table></div>
  </section>`
}
