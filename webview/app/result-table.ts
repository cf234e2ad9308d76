// A result that is an array of objects, drawn by the real <io-table> (sorted,
// searched, virtualised) rather than a plain HTML table. The rows are already
// JSON here, so the webview makes the cells itself and puts them in the table
// store under a local dataId, as a `tableData` message would.
import type { CellWire, ColumnWire, Component, TablePropsWire, TableRowsWire } from '../../src/core/protocol'
import { tableStore } from '../components/table/store'
import { isIsoDateTime, plainText } from './answer-format'

/** One JSON value → a cell: primitives as they are, timestamps as dates (sorted by time), nested values as readable text. */
export function resultCell(v: unknown): CellWire {
  if (v === undefined || v === null) return null
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v)
  if (typeof v === 'boolean') return v
  if (typeof v === 'string') return isIsoDateTime(v) ? { d: Date.parse(v) } : v
  return plainText(v)
}

/** Rows of objects → columns (the keys, in the order they first appear) and cells. */
export function resultRows(rows: Record<string, unknown>[]): { columns: ColumnWire[]; data: TableRowsWire } {
  const keys = new Set<string>()
  for (const r of rows) for (const k in r) keys.add(k)
  const cols = [...keys]
  const cells: CellWire[][] = new Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    const row: CellWire[] = new Array(cols.length)
    for (let c = 0; c < cols.length; c++) row[c] = resultCell(r[cols[c]!])
    cells[i] = row
  }
  return { columns: cols.map((label) => ({ label })), data: { rows: cells } }
}

/**
 * A read-only table component whose rows live in the store under a local
 * dataId. The same rows re-rendered (every state message re-sends them) keep
 * their dataId; different rows under the same key get a new one, so the table
 * starts afresh (columns, sort, search).
 */
const made = new Map<string, { source: string; component: Component }>()
let next = 0

export function localTable(key: string, label: string, source: string, build: () => { columns: ColumnWire[]; data: TableRowsWire }): Component {
  const known = made.get(key)
  if (known?.source === source) return known.component
  const { columns, data } = build()
  const dataId = `local:${key}:${++next}`
  tableStore.set(dataId, data)
  const props: TablePropsWire = { dataId, columns, rowCount: data.rows?.length ?? 0, isSortable: true, isFilterable: true }
  const component: Component = { method: 'DISPLAY_TABLE', label, props: props as unknown as Record<string, unknown> }
  made.set(key, { source, component })
  return component
}

/** The table for a result that is an array of objects; `key` names the transaction. */
export const resultTable = (key: string, rows: Record<string, unknown>[]): Component =>
  localTable(`result:${key}`, 'Result', JSON.stringify(rows), () => resultRows(rows))
