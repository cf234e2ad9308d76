// The handler's return value: object → key/value list, array of objects →
// table, other arrays → list, primitive → text.
import { html, type TemplateResult } from 'lit'
import { formatValue, isPlainObject } from './format'

function cell(v: unknown): TemplateResult {
  // Nested structures stay readable as JSON rather than "[object Object]".
  return isPlainObject(v) || Array.isArray(v) ? html`<code>${formatValue(v)}</code>` : html`${formatValue(v)}`
}

function keyValues(obj: Record<string, unknown>): TemplateResult {
  const entries = Object.entries(obj)
  if (entries.length === 0) return html`<p class="muted">Empty object</p>`
  return html`<dl class="kv">${entries.map(([k, v]) => html`<dt>${k}</dt><dd>${cell(v)}</dd>`)}</dl>`
}

function rowsTable(rows: Record<string, unknown>[]): TemplateResult {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  // Numbers line up on the right, as in a spreadsheet.
  const numeric = new Set(columns.filter((c) => rows.every((r) => r[c] === undefined || typeof r[c] === 'number')))
  const cls = (c: string): string => (numeric.has(c) ? 'num' : '')
  return html`<div class="table-wrap"><table>
    <thead><tr>${columns.map((c) => html`<th scope="col" class=${cls(c)}>${c}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td class=${cls(c)}>${c in r ? cell(r[c]) : ''}</td>`)}</tr>`)}</tbody>
  </table></div>`
}

export function renderValue(value: unknown): TemplateResult {
  if (Array.isArray(value)) {
    if (value.length === 0) return html`<p class="muted">Empty list</p>`
    if (value.every(isPlainObject)) return rowsTable(value)
    return html`<ol class="list">${value.map((v) => html`<li>${cell(v)}</li>`)}</ol>`
  }
  if (isPlainObject(value)) return keyValues(value)
  return html`<p class="primitive">${formatValue(value)}</p>`
}

export function renderResult(value: unknown): TemplateResult {
  return html`<section class="card result" data-testid="result" aria-labelledby="result-title">
    <h2 class="section-title" id="result-title">Result</h2>
    ${renderValue(value)}
  </section>`
}
