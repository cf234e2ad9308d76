// How a finished transaction ended, in words: canceled (when, by whom),
// redirected (to a URL, or to another action with params), interrupted.
// Shared by the live panel and the History detail.
import { html, nothing, type TemplateResult } from 'lit'
import type { RedirectTarget, TxStatus } from '../../src/core/protocol'
import { plainText } from './answer-format'
import { formatTime } from './format'
import { linkTarget, renderLink } from './links'

export interface Ending {
  status: TxStatus
  endedAt?: string
  end?: { canceledBy?: string; redirect?: RedirectTarget }
}

function renderParams(params: Record<string, unknown> | undefined): TemplateResult | typeof nothing {
  const entries = Object.entries(params ?? {})
  if (!entries.length) return nothing
  return html`<dl class="kv end-params">${entries.map(([k, v]) => html`<dt>${k}</dt><dd>${plainText(v)}</dd>`)}</dl>`
}

function redirectText(r: RedirectTarget | undefined): TemplateResult {
  if (!r) return html`somewhere the log did not record`
  const target = linkTarget(r)
  if (r.url) return html`${renderLink(target, r.url)}`
  if (r.route) return html`the action ${renderLink(target, html`<code>${r.route}</code>`)}`
  return html`somewhere the log did not record`
}

export function renderEnding(t: Ending): TemplateResult | typeof nothing {
  const when = t.endedAt ? html` at <time datetime=${t.endedAt}>${formatTime(t.endedAt)}</time>` : nothing
  switch (t.status) {
    case 'canceled':
      return html`<section class="card ending" data-testid="ending" role="status">
        <p>Canceled${t.end?.canceledBy ? html` by <strong>${t.end.canceledBy}</strong>` : nothing}${when}.</p>
      </section>`
    case 'redirected':
      return html`<section class="card ending" data-testid="ending" role="status">
        <p>Redirected to ${redirectText(t.end?.redirect)}${when}${Object.keys(t.end?.redirect?.params ?? {}).length ? ', with:' : '.'}</p>
        ${renderParams(t.end?.redirect?.params)}
      </section>`
    case 'interrupted':
      return html`<section class="card ending" data-testid="ending" role="status">
        <p>Interrupted${when}: its window went away and it could not be resumed (the log says why).</p>
      </section>`
    default:
      // 'diverged' has its own card with the calls that differed (durable-view.ts).
      return nothing
  }
}
