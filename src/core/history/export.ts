// History out of VS Code: JSON (the runs as History shows them) or CSV (one
// row per run, for a spreadsheet). exportToFile streams the filtered history,
// one run read at a time, so exporting 100,000 runs holds one in memory.
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import type { HistoryEntry } from '../protocol'
import { safeStringify } from './caps'
import type { HistorySummary } from './index-file'
import { toHistoryEntry, type TxRecord } from './record'
import type { HistoryQuery, HistoryStore } from './store'

export type ExportFormat = 'json' | 'csv'
type Run = HistoryEntry | TxRecord
/** A run whose log cannot be read is still exported, as what the index knows and why. */
type Unreadable = HistorySummary & { unreadable: string }

const isRecord = (r: Run): r is TxRecord => 'feedKeys' in r
const entryOf = (r: Run): HistoryEntry => (isRecord(r) ? toHistoryEntry(r) : r)

export function exportJson(runs: (Run | Unreadable)[]): string {
  return `[\n${runs.map((r) => jsonItem(r)).join(',\n')}\n]\n`
}

const jsonItem = (r: Run | Unreadable): string => safeStringify('unreadable' in r && typeof r.unreadable === 'string' ? r : entryOf(r as Run))

export const CSV_HEADER = ['id', 'action', 'status', 'user', 'email', 'startedAt', 'endedAt', 'durationMs', 'params', 'result', 'error']

export function exportCsv(runs: (Run | HistorySummary)[]): string {
  return [CSV_HEADER.join(','), ...runs.map(csvRow)].join('\r\n') + '\r\n'
}

function csvRow(r: Run | HistorySummary): string {
  const duration = (a: string, b?: string) => (b ? String(Date.parse(b) - Date.parse(a)) : '')
  let cells: string[]
  if ('slug' in r) {
    cells = [r.id, r.actionName, r.status, r.user, r.email ?? '', r.startedAt, r.endedAt ?? '', duration(r.startedAt, r.endedAt), '', '', r.unreadable ?? '']
  } else {
    const e = entryOf(r)
    const name = `${e.user.firstName} ${e.user.lastName}`.trim()
    const result = e.result === undefined ? '' : typeof e.result === 'string' ? e.result : safeStringify(e.result)
    const error = e.error ? `${e.error.name}: ${e.error.message}` : e.end?.canceledBy ? `canceled by ${e.end.canceledBy}` : ''
    cells = [e.id, e.action.name, e.status, name, e.user.email, e.startedAt, e.endedAt ?? '', duration(e.startedAt, e.endedAt), safeStringify(e.params), result, error]
  }
  return cells.map(csvCell).join(',')
}

/** Quotes as RFC 4180, and defuses cells a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** Writes the runs `query` selects (all of them, newest first) to `path`; returns how many. */
export async function exportToFile(store: HistoryStore, query: HistoryQuery, format: ExportFormat, path: string): Promise<number> {
  const { items } = store.query({ ...query, offset: 0, limit: Infinity })
  const tmp = `${path}.${process.pid}.tmp`
  const fd = openSync(tmp, 'w')
  let open = true
  try {
    writeSync(fd, format === 'json' ? '[\n' : CSV_HEADER.join(',') + '\r\n')
    for (let i = 0; i < items.length; i++) {
      if (i % 50 === 49) await new Promise((r) => setImmediate(r))
      let run: TxRecord | Unreadable
      try {
        run = store.read(items[i].id)
      } catch (e) {
        run = { ...items[i], unreadable: (e as Error).message }
      }
      if (format === 'json') writeSync(fd, (i ? ',\n' : '') + jsonItem(run))
      else writeSync(fd, csvRow(run) + '\r\n')
    }
    if (format === 'json') writeSync(fd, '\n]\n')
    closeSync(fd)
    open = false
    renameSync(tmp, path)
  } catch (e) {
    if (open) closeSync(fd)
    try {
      unlinkSync(tmp)
    } catch {
      // not created
    }
    throw e
  }
  return items.length
}
