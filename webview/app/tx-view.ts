// A running or finished transaction: header, feed, prompt or progress,
// result or error, logs, and Cancel while it can still be canceled. A durable
// run held because its code changed, or stopped because it diverged, shows a
// card with its own buttons instead (durable-view.ts). A workflow run draws
// its live graph (<mi-workflow>) after its input form, in place of "Running…"
// and of the running step's line (the graph shows every step running at once).
import { html, nothing, type TemplateResult } from 'lit'
import { isFinished, type LoadingState, type TxView, type WebviewToHost } from '../../src/core/protocol'
import { renderComponent } from '../components'
import { button, spinner } from '../primitives'
import { renderCodeChanged, renderDivergence, renderResumed, renderRunningStep, renderStepLine } from './durable-view'
import { renderEnding } from './end-view'
import { renderError, renderLogs } from './error-view'
import { STATUS_LABELS } from './format'
import type { Draft } from './mi-prompt'
import { renderResult } from './result-view'
import './mi-prompt'
import './mi-workflow'

export interface TxContext {
  post: (m: WebviewToHost) => void
  draft: Draft | undefined
}

export function renderStatus(status: TxView['status']): TemplateResult {
  return html`<span class="status status-${status}" data-testid="status" role="status">${STATUS_LABELS[status]}</span>`
}

function renderLoading(l: LoadingState, step: TxView['step']): TemplateResult {
  const total = l.itemsInQueue
  const done = l.itemsCompleted ?? 0
  const label = l.label ?? 'Working…'
  return html`<section class="loading" aria-label="Progress">
    ${spinner(label)}
    <div class="loading-text">
      <div class="loading-label">${label}</div>
      ${step ? renderStepLine(step) : nothing}
      ${l.description ? html`<div class="muted">${l.description}</div>` : nothing}
      ${total !== undefined
        ? html`<progress max=${Math.max(total, 1)} .value=${Math.min(done, total)} aria-label=${label}></progress>
            <div class="muted">${done} of ${total} completed</div>`
        : nothing}
    </div>
  </section>`
}

export function renderTxView(state: TxView, ctx: TxContext): TemplateResult {
  const running = !isFinished(state.status)
  // Held before resuming: the code-changed card is the only way on, so no prompt, spinner or header Cancel.
  const held = running && !!state.codeChanged
  const showPrompt = state.status === 'awaiting' && state.prompt && !held
  const working = state.status === 'running' && !held
  // An Interval Page is a read-only screen: it has no status or "nothing to show" of its own once drawn.
  const page = !!state.action.page
  return html`<article class="tx" aria-labelledby="tx-title">
    <header class="header">
      <div class="title-row">
        <h1 id="tx-title">${state.action.name}</h1>
        ${page && state.status === 'completed' ? nothing : renderStatus(state.status)}
        ${renderResumed(state.resumed)}
        ${running && !held
          ? html`<div class="header-actions">${button({
              label: 'Cancel', ariaLabel: 'Cancel transaction', appearance: 'secondary',
              onClick: () => ctx.post({ type: 'cancel' }),
            })}</div>`
          : nothing}
        ${page && !running
          ? html`<div class="header-actions">${button({
              label: 'Refresh', appearance: 'secondary', testId: 'refresh-page',
              onClick: () => ctx.post({ type: 'rerun' }),
            })}</div>`
          : nothing}
      </div>
      ${state.action.description ? html`<p class="muted description">${state.action.description}</p>` : nothing}
    </header>

    ${state.feed.length
      ? html`<section class="feed" aria-label="Output">${state.feed.map((c) => html`<div class="feed-item">${renderComponent(c, null, null)}</div>`)}</section>`
      : nothing}

    ${showPrompt
      ? html`<section class="card prompt-card" aria-label="Input">
          <mi-prompt .prompt=${state.prompt} .draft=${ctx.draft} .post=${ctx.post}></mi-prompt>
        </section>`
      : nothing}

    ${state.workflow
      ? html`<mi-workflow .workflow=${state.workflow} .runKey=${state.id} .live=${running} .endedAt=${state.endedAt} .post=${ctx.post}></mi-workflow>`
      : nothing}

    ${held ? renderCodeChanged(state.action.name, ctx.post) : nothing}
    ${working && state.loading ? renderLoading(state.loading, state.step) : nothing}
    ${working && !state.loading && state.step && !state.workflow ? renderRunningStep(state.step) : nothing}
    ${working && !state.loading && !state.step && !state.workflow ? html`<section class="loading">${spinner('Running')}<span class="muted">Running…</span></section>` : nothing}
    ${state.status === 'diverged' ? renderDivergence(state.divergence, ctx.post) : nothing}

    ${renderEnding(state)}
    ${state.error ? renderError(state.error, (s) => ctx.post({ type: 'openSource', ...s })) : nothing}
    ${state.result !== undefined && !state.error ? renderResult(state.result, `tx:${state.id}`) : nothing}
    ${state.status === 'completed' && state.result === undefined && !page ? html`<p class="muted" data-testid="result">Completed with nothing to show.</p>` : nothing}
    ${renderLogs(state.logs, { follow: running })}
  </article>`
}
