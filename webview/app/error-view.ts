import { html, nothing, type TemplateResult } from 'lit'
import type { ErrorInfo } from '../../src/core/protocol'

/** A failed transaction: name and message first, then cause and stack. */
export function renderError(error: ErrorInfo): TemplateResult {
  return html`<section class="card error-box" data-testid="error" role="alert" aria-labelledby="error-title">
    <h2 class="section-title" id="error-title">Error</h2>
    <p class="error-message"><strong>${error.name}</strong>: ${error.message}</p>
    ${error.cause ? html`<p class="error-cause"><span class="muted">Cause:</span> ${error.cause}</p>` : nothing}
    ${error.stack ? html`<pre class="stack">${error.stack}</pre>` : nothing}
  </section>`
}

export function renderLogs(logs: string[]): TemplateResult | typeof nothing {
  if (logs.length === 0) return nothing
  return html`<section class="logs" aria-labelledby="logs-title">
    <h2 class="section-title" id="logs-title">Logs</h2>
    <pre data-testid="logs">${logs.map((l, i) => html`${i ? '\n' : ''}${l}`)}</pre>
  </section>`
}
