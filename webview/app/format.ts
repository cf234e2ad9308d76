// Small text formatters shared by the transaction and history views.
import type { TxStatus } from '../../src/core/protocol'

export const STATUS_LABELS: Record<TxStatus, string> = {
  running: 'Running',
  awaiting: 'Waiting for input',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
  redirected: 'Redirected',
  interrupted: 'Interrupted',
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString()
}

export function formatDuration(startIso: string, endIso: string | undefined): string {
  if (!endIso) return ''
  const ms = new Date(endIso).getTime() - new Date(startIso).getTime()
  if (!Number.isFinite(ms) || ms < 0) return ''
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const min = Math.floor(ms / 60_000)
  return `${min} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** One value as a short line of text (JSON for nested values). */
export function formatValue(v: unknown): string {
  if (v === undefined) return '—'
  if (v === null) return 'null'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
