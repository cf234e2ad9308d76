// The handler's return value: an array of objects → the real table
// (<io-table>, read-only); an object → key/value list (nested objects too);
// other arrays → list; a primitive → text. Dates and numbers read as a
// person reads them (answer-format.ts).
import { html, type TemplateResult } from 'lit'
import { renderDisplay } from '../components/displays'
import { plainText } from './answer-format'
import { isPlainObject } from './format'
import { resultTable } from './result-table'

/** Deeper than this, a value is one line of "key: value" text. */
const MAX_DEPTH = 3

function cell(v: unknown, depth: number): TemplateResult {
  if (depth < MAX_DEPTH && isPlainObject(v) && Object.keys(v).length) return keyValues(v, depth + 1)
  if (depth < MAX_DEPTH && Array.isArray(v) && v.some((x) => isPlainObject(x) || Array.isArray(x))) return list(v, depth + 1)
  return html`${plainText(v)}`
}

function keyValues(obj: Record<string, unknown>, depth: number): TemplateResult {
  const entries = Object.entries(obj)
  if (entries.length === 0) return html`<p class="muted">Empty object</p>`
  return html`<dl class="kv">${entries.map(([k, v]) => html`<dt>${k}</dt><dd>${cell(v, depth)}</dd>`)}</dl>`
}

function list(items: unknown[], depth: number): TemplateResult {
  return html`<ol class="list">${items.map((v) => html`<li>${cell(v, depth)}</li>`)}</ol>`
}

/** A value on its own (params, nested results): never a table element. */
export function renderValue(value: unknown): TemplateResult {
  if (Array.isArray(value)) return value.length === 0 ? html`<p class="muted">Empty list</p>` : list(value, 1)
  if (isPlainObject(value)) return keyValues(value, 1)
  return html`<p class="primitive">${plainText(value)}</p>`
}

/** `key` names the transaction: the table's rows are kept per result. */
export function renderResult(value: unknown, key: string): TemplateResult {
  const rows = Array.isArray(value) && value.length > 0 && value.every(isPlainObject) ? value : null
  return html`<section class="card result" data-testid="result" aria-labelledby="result-title">
    <h2 class="section-title" id="result-title">Result</h2>
    ${rows ? html`<div class="result-table">${renderDisplay(resultTable(key, rows))}</div>` : renderValue(value)}
  </section>`
}
