// Read-only replay of a finished transaction from the history log.
import { html, nothing, type TemplateResult } from 'lit'
import { isDisplay, type ColumnWire, type Component, type HistoryEntry, type TableRowsWire } from '../../src/core/protocol'
import { cellText } from '../components/table/cells'
import { renderError, renderLogs } from './error-view'
import { formatDuration, formatTime, formatValue } from './format'
import { renderMarkdown } from './markdown'
import { renderResult, renderValue } from './result-view'
import { renderStatus } from './tx-view'

function answer(c: Component, v: unknown): string {
  if (v === undefined || v === null) return c.optional ? '(left empty)' : '(no answer)'
  if (typeof v === 'boolean') return v ? 'Yes' : 'No'
  return formatValue(v)
}

/** The rows chosen in a select table, as the table showed them (the log keeps their cells). */
function chosenRows(c: Component, v: unknown, chosen: TableRowsWire | undefined): TemplateResult {
  const count = Array.isArray(v) ? v.length : 0
  const columns = (Array.isArray(c.props.columns) ? c.props.columns : []) as ColumnWire[]
  const rows = (chosen?.rows ?? []).map((row) => Object.fromEntries(columns.map((col, i) => [col.label, cellText(row[i])])))
  return html`<div>${count === 1 ? '1 row' : `${count} rows`}${rows.length ? renderValue(rows) : nothing}</div>`
}

function renderStep(step: HistoryEntry['steps'][number], n: number): TemplateResult {
  return html`<li class="step">
    <div class="step-title">Step ${n + 1}</div>
    ${step.components.map((c, i) => isDisplay(c.method)
      ? html`<div class="step-display">${renderMarkdown(c.label)}</div>`
      : html`<div class="qa"><span class="q">${c.label}</span><span class="a">${c.method === 'SELECT_TABLE'
          ? chosenRows(c, step.values?.[i], step.chosenRows?.[i])
          : answer(c, step.values?.[i])}</span></div>`)}
  </li>`
}

export function renderHistory(e: HistoryEntry): TemplateResult {
  const params = Object.entries(e.params)
  return html`<article class="tx history" aria-labelledby="tx-title">
    <header class="header">
      <div class="title-row"><h1 id="tx-title">${e.action.name}</h1>${renderStatus(e.status)}</div>
      <dl class="kv meta">
        <dt>Run by</dt><dd>${e.user.firstName} ${e.user.lastName} &lt;${e.user.email}&gt;</dd>
        <dt>Started</dt><dd>${formatTime(e.startedAt)}</dd>
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
    ${e.steps.length
      ? html`<section aria-labelledby="steps-title"><h2 class="section-title" id="steps-title">Steps</h2>
          <ol class="steps">${e.steps.map(renderStep)}</ol></section>`
      : nothing}
    ${e.error ? renderError(e.error) : nothing}
    ${e.result !== undefined && !e.error ? renderResult(e.result) : nothing}
    ${renderLogs(e.logs)}
  </article>`
}
