// Small text formatters shared by the transaction and history views.

import { formatDuration } from '../../src/core/protocol'

export { STATUS_LABELS, formatDuration } from '../../src/core/protocol'

export function formatTime(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString()
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const EPOCH = new Date(0).toISOString()

/** A length of time in ms, read like formatDuration's start-to-end (one rule for every duration shown). */
export function formatMs(ms: number): string {
  const end = new Date(Math.round(ms))
  return Number.isNaN(end.getTime()) ? '' : formatDuration(EPOCH, end.toISOString())
}
