// What the VS Code host does for a panel that a browser page must do itself:
// follow a link (a URL in a new tab, an action by starting it), copy, show
// another transaction, re-run with the same params, export and delete a
// History entry. Everything else goes to the server.
import type { HistoryEntry, RedirectTarget, WebviewToHost } from '../../src/core/protocol'
import { api } from './api'
import { navigate } from './router'

export interface PageContext {
  /** The transaction (or History entry) the page shows. */
  id: string
  /** The History entry on screen, when the page shows one. */
  entry(): HistoryEntry | undefined
  /** Is the transaction still running (a re-run cancels it first, as VS Code's Restart does)? */
  running(): boolean
  /** Sends to the server's transaction. */
  send(m: WebviewToHost): void
  /** A short message under the header (an error, or why something cannot happen here). */
  notice(text: string): void
}

/** Starts an action (a link's or a redirect's route) and opens its transaction. */
export async function startAction(slug: string, params: Record<string, unknown> | undefined, { replace = false } = {}): Promise<void> {
  const { id } = await api.run(slug, params)
  navigate(`/tx/${encodeURIComponent(id)}`, { replace })
}

export async function openTarget(t: RedirectTarget, ctx: Pick<PageContext, 'notice'>, { replace = false } = {}): Promise<void> {
  try {
    if (t.url) window.open(t.url, '_blank', 'noopener,noreferrer')
    else if (t.route) await startAction(t.route, t.params, { replace })
  } catch (e) {
    ctx.notice(`Could not start “${t.route}”: ${(e as Error).message}`)
  }
}

/** Handles `m` in the page when it is the page's to handle; returns false for the server's messages. */
export function handleInPage(m: WebviewToHost, ctx: PageContext): boolean {
  switch (m.type) {
    case 'open':
      void openTarget(m, ctx)
      return true
    case 'copy':
      navigator.clipboard.writeText(m.text).then(
        () => ctx.notice('Copied.'),
        () => ctx.notice('The browser did not allow copying to the clipboard.'),
      )
      return true
    case 'cancel':
      // A run that stopped (diverged, say): VS Code's Cancel closes its tab; here it leaves the page.
      if (ctx.running()) return false
      navigate('/')
      return true
    case 'showTransaction':
      navigate(`/tx/${encodeURIComponent(m.id)}`)
      return true
    case 'openSource':
      ctx.notice(`${m.file}:${m.line} is on the server: open it in your editor (the browser cannot).`)
      return true
    case 'rerun':
      void rerun(ctx)
      return true
    case 'export':
      void exportEntry(ctx, m.format)
      return true
    case 'delete':
      void deleteEntry(ctx)
      return true
    default:
      return false
  }
}

/** The same action with the same params (read from the run's History entry), as a new transaction. */
async function rerun(ctx: PageContext): Promise<void> {
  try {
    const entry = ctx.entry() ?? (await api.historyEntry(ctx.id)).entry
    if (ctx.running()) ctx.send({ type: 'cancel' })
    await startAction(entry.action.slug, entry.params)
  } catch (e) {
    ctx.notice(`Could not re-run it: ${(e as Error).message}`)
  }
}

async function exportEntry(ctx: PageContext, format: 'json' | 'csv'): Promise<void> {
  try {
    const entry = ctx.entry() ?? (await api.historyEntry(ctx.id)).entry
    const text = format === 'json' ? JSON.stringify(entry, null, 2) + '\n' : entryCsv(entry)
    const url = URL.createObjectURL(new Blob([text], { type: format === 'json' ? 'application/json' : 'text/csv' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `${entry.action.slug.replace(/[^A-Za-z0-9_.-]/g, '_')}-${entry.id}.${format}`
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  } catch (e) {
    ctx.notice(`Could not export it: ${(e as Error).message}`)
  }
}

async function deleteEntry(ctx: PageContext): Promise<void> {
  if (!confirm('Delete this transaction from History?')) return
  try {
    await api.txMessage(ctx.id, { type: 'delete' })
    navigate('/history')
  } catch (e) {
    ctx.notice(`Could not delete it: ${(e as Error).message}`)
  }
}

/** The columns of VS Code's CSV export (src/core/history/export.ts, which needs node:fs and stays out of the bundle). */
const CSV_HEADER = ['id', 'action', 'status', 'user', 'email', 'startedAt', 'endedAt', 'durationMs', 'params', 'result', 'error']

function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value // a spreadsheet must not run it as a formula
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

function entryCsv(e: HistoryEntry): string {
  const duration = e.endedAt ? String(Date.parse(e.endedAt) - Date.parse(e.startedAt)) : ''
  const result = e.result === undefined ? '' : typeof e.result === 'string' ? e.result : JSON.stringify(e.result)
  const error = e.error ? `${e.error.name}: ${e.error.message}` : e.end?.canceledBy ? `canceled by ${e.end.canceledBy}` : ''
  const cells = [e.id, e.action.name, e.status, `${e.user.firstName} ${e.user.lastName}`.trim(), e.user.email, e.startedAt,
    e.endedAt ?? '', duration, JSON.stringify(e.params), result, error]
  return [CSV_HEADER.join(','), cells.map(csvCell).join(',')].join('\r\n') + '\r\n'
}
