// A failed transaction: name and message first, then the cause (maybe a chain,
// one per line) and the stack, where each frame in one of the person's files
// is a button that opens it at that line.
import { html, nothing, type TemplateResult } from 'lit'
import type { ErrorInfo } from '../../src/core/protocol'
import { parseStack, type SourceLocation, type StackLine } from './stack-frames'
import './mi-log'

export type OpenSource = (s: SourceLocation) => void

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file

function renderFrame(l: StackLine, open: OpenSource): TemplateResult {
  if (!l.source) return html`${l.before}`
  const s = l.source
  const label = `Open ${baseName(s.file)} at line ${s.line}${s.column ? `, column ${s.column}` : ''}`
  return html`${l.before}<button type="button" class="frame-link" data-testid="stack-link" aria-label=${label} title=${label}
    @click=${() => open(s)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') e.stopPropagation() }}>${l.where}</button>${l.after}`
}

export function renderError(error: ErrorInfo, open: OpenSource): TemplateResult {
  const lines = error.stack ? parseStack(error.stack) : []
  return html`<section class="card error-box" data-testid="error" role="alert" aria-labelledby="error-title">
    <h2 class="section-title" id="error-title">Error</h2>
    <p class="error-message"><strong>${error.name}</strong>: ${error.message}</p>
    ${error.cause ? html`<p class="error-cause" data-testid="error-cause"><span class="muted">Cause:</span> ${error.cause}</p>` : nothing}
    ${lines.length ? html`<pre class="stack">${lines.map((l, i) => html`${i ? '\n' : ''}${renderFrame(l, open)}`)}</pre>` : nothing}
  </section>`
}

export function renderLogs(logs: string[], opts: { omitted?: number; follow?: boolean } = {}): TemplateResult | typeof nothing {
  if (logs.length === 0 && !opts.omitted) return nothing
  return html`<mi-log .lines=${logs} .omitted=${opts.omitted ?? 0} ?follow=${opts.follow ?? false}></mi-log>`
}
