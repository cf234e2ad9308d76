// How a status and a duration read, the same in panels' titles, the History
// tree and the webview.
import type { TxStatus } from './messages'

export const STATUS_LABELS: Record<TxStatus, string> = {
  running: 'Running',
  awaiting: 'Waiting for input',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
  redirected: 'Redirected',
  interrupted: 'Interrupted',
  diverged: 'Diverged',
}

/** A transaction's tab title, alike for the live and the history panel. */
export const txTitle = (name: string, status: TxStatus, page = false): string =>
  page && status === 'completed' ? name : `${name} — ${STATUS_LABELS[status].toLowerCase()}`

export function formatDuration(startIso: string, endIso: string | undefined): string {
  if (!endIso) return ''
  const ms = new Date(endIso).getTime() - new Date(startIso).getTime()
  if (!Number.isFinite(ms) || ms < 0) return ''
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`
}
