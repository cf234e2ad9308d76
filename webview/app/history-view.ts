// The read-only History detail of one transaction: who ran it and how it
// ended, every screen (displays drawn as the live feed drew them, prompts
// with their answers as a person reads them), progress milestones, the log,
// then the result or the error. Buttons re-run, export or delete the entry.
// A run started by a schedule or from an Inbox says so. A durable run adds how
// often it resumed, its ctx.run steps, and why it diverged; a workflow run, its
// graph (read-only but for opening a human step's transaction).
import { html, nothing, type TemplateResult } from 'lit'
import { isDisplay, isFinished, type ColumnWire, type Component, type HistoryEntry, type TableRowsWire, type WebviewToHost } from '../../src/core/protocol'
import { renderDisplay } from '../components/displays'
import { tableStore } from '../components/table/store'
import { button } from '../primitives'
import { formatAnswer } from './answer-format'
import { renderDivergence, renderDurableSteps, renderResumed } from './durable-view'
import { renderEnding } from './end-view'
import { renderError, renderLogs } from './error-view'
import { formatDuration, formatTime } from './format'
import { renderProgress } from './progress-view'
import { renderResult, renderValue } from './result-view'
import { localTable } from './result-table'
import { renderStatus } from './tx-view'
import { renderTrigger } from './trigger-view'
import './mi-workflow'

type Post = (m: WebviewToHost) => void
type Step = HistoryEntry['steps'][number]

function renderAnswer(c: Component, v: unknown): TemplateResult {
  const a = formatAnswer(c, v)
  switch (a.kind) {
    case 'html':
      return renderDisplay({ method: 'DISPLAY_HTML', label: '', props: { html: a.html } })
    case 'list':
      return a.items.length
        ? html`<ul class="answer-list">${a.items.map((t) => html`<li>${t}</li>`)}</ul>`
        : html`<span class="muted">None chosen</span>`
    default:
      return html`<span class=${a.empty ? 'muted' : ''}>${a.text}</span>`
  }
}

/** The rows chosen in a select table, drawn by the table itself from the cells the log kept. */
function chosenRows(key: string, c: Component, v: unknown, chosen: TableRowsWire | undefined): TemplateResult {
  const count = Array.isArray(v) ? v.length : 0
  const columns = (Array.isArray(c.props.columns) ? c.props.columns : []) as ColumnWire[]
  // The table counts its rows itself; without kept cells only the count is known.
  if (!chosen?.rows?.length) return html`<span>${count === 1 ? '1 row' : `${count} rows`}</span>`
  const table = localTable(key, c.label, JSON.stringify(chosen), () => ({ columns, data: { rows: chosen.rows } }))
  return html`<div class="chosen-rows">${renderDisplay(table)}</div>`
}

/**
 * A display as the live feed drew it. The rows of display tables and grids are
 * not in the log (they travel apart from the screen), so once the transaction
 * is over they are only named, unless this webview still holds them.
 */
function renderShown(c: Component): TemplateResult {
  const dataId = c.props.dataId
  if ((c.method === 'DISPLAY_TABLE' || c.method === 'DISPLAY_GRID') && !(typeof dataId === 'string' && tableStore.get(dataId))) {
    const n = typeof c.props.rowCount === 'number' ? c.props.rowCount : undefined
    const what = c.method === 'DISPLAY_GRID' ? 'items' : 'rows'
    return html`<div class="display-label">${c.label}</div>
      <p class="muted rows-not-kept">${n !== undefined ? `${new Intl.NumberFormat().format(n)} ${what} were shown; ` : ''}history does not keep the ${what} of displayed tables.</p>`
  }
  return renderDisplay(c)
}

function renderStep(e: HistoryEntry, step: Step, n: number): TemplateResult {
  return html`<li class="step" data-testid="step">
    <div class="step-title">Step ${n + 1}${step.choice !== undefined ? html` <span class="muted">· pressed “${step.choice}”</span>` : nothing}${step.by
      ? html` <span class="muted" data-testid="answered-by">· answered by ${step.by}${step.at ? html` at <time datetime=${step.at}>${formatTime(step.at)}</time>` : nothing}</span>`
      : nothing}</div>
    ${step.components.map((c, i) => isDisplay(c.method)
      ? html`<div class="step-display">${renderShown(c)}</div>`
      : html`<div class="qa" data-testid="answer"><span class="q">${c.label}</span><div class="a">${c.method === 'SELECT_TABLE'
          ? chosenRows(`chosen:${e.id}:${step.seq}:${i}`, c, step.values?.[i], step.chosenRows?.[i])
          : renderAnswer(c, step.values?.[i])}</div></div>`)}
  </li>`
}

/** `canDelete`: false where History is an audit trail (a served folder with people). `canQueue`: VS Code's (the browser's History page has its own form). */
function renderActions(post: Post, canDelete: boolean, canQueue: boolean): TemplateResult {
  return html`<div class="header-actions history-actions">
    ${button({ label: 'Re-run', ariaLabel: 'Re-run with the same params', testId: 'rerun', onClick: () => post({ type: 'rerun' }) })}
    ${canQueue ? button({ label: 'Queue…', ariaLabel: 'Queue this action with the same params in an Inbox', appearance: 'secondary', testId: 'queue', onClick: () => post({ type: 'queue' }) }) : nothing}
    ${button({ label: 'Export JSON', appearance: 'secondary', testId: 'export-json', onClick: () => post({ type: 'export', format: 'json' }) })}
    ${button({ label: 'Export CSV', appearance: 'secondary', testId: 'export-csv', onClick: () => post({ type: 'export', format: 'csv' }) })}
    ${canDelete ? button({ label: 'Delete', ariaLabel: 'Delete from History', appearance: 'danger', testId: 'delete', onClick: () => post({ type: 'delete' }) }) : nothing}
  </div>`
}

export function renderHistory(e: HistoryEntry, post: Post, { canDelete = true, canQueue = false } = {}): TemplateResult {
  const params = Object.entries(e.params)
  const openSource = (s: { file: string; line: number; column?: number }) => post({ type: 'openSource', ...s })
  return html`<article class="tx history" aria-labelledby="tx-title">
    <header class="header">
      <div class="title-row"><h1 id="tx-title">${e.action.name}</h1>${renderStatus(e.status)}${renderResumed(e.resumed)}${renderActions(post, canDelete, canQueue)}</div>
      <dl class="kv meta" data-testid="meta">
        <dt>Run by</dt><dd>${e.user.firstName} ${e.user.lastName} &lt;${e.user.email}&gt;</dd>
        <dt>Started</dt><dd><time datetime=${e.startedAt}>${formatTime(e.startedAt)}</time></dd>
        ${e.trigger ? renderTrigger(e.trigger) : nothing}
        ${e.endedAt ? html`<dt>Duration</dt><dd>${formatDuration(e.startedAt, e.endedAt)}</dd>` : nothing}
        ${e.action.file ? html`<dt>File</dt><dd><code>${e.action.file}</code></dd>` : nothing}
        ${params.length ? html`<dt>Params</dt><dd>${renderValue(e.params)}</dd>` : nothing}
      </dl>
    </header>
    ${e.problems?.length
      ? html`<section class="card problems" role="note" aria-labelledby="problems-title">
          <h2 class="section-title" id="problems-title">Problems reading this entry</h2>
          <ul>${e.problems.map((p) => html`<li>${p}</li>`)}</ul>
        </section>`
      : nothing}
    ${renderEnding(e)}
    ${e.status === 'diverged' ? renderDivergence(e.divergence) : nothing}
    ${e.workflow
      ? html`<mi-workflow .workflow=${e.workflow} .runKey=${e.id} .live=${false} .endedAt=${e.endedAt} .post=${post}></mi-workflow>`
      : nothing}
    ${e.steps.length
      ? html`<section aria-labelledby="steps-title"><h2 class="section-title" id="steps-title">Steps</h2>
          <ol class="steps">${e.steps.map((s, n) => renderStep(e, s, n))}</ol></section>`
      : nothing}
    ${e.durableSteps?.length ? renderDurableSteps(e.durableSteps, isFinished(e.status)) : nothing}
    ${e.progress?.length ? renderProgress(e.progress, e.startedAt) : nothing}
    ${renderLogs(e.logs, { omitted: e.logsOmitted })}
    ${e.error ? renderError(e.error, openSource) : nothing}
    ${e.result !== undefined && !e.error ? renderResult(e.result, `history:${e.id}`) : nothing}
  </article>`
}
