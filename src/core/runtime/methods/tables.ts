// Tables and grids: rows become compact cells once, here in the worker (the
// action's renderCell, rowMenuItems and renderItem run where its code lives),
// and travel apart from the props. Selections answer with row indexes; the
// action gets back its own row objects. getData tables and grids are asked
// for pages while the transaction runs.
import type { CellWire, ColumnWire, GridItemWire, MenuItemWire, RichCellWire, TableQuery, TableRowsWire } from '../../protocol'
import { HIGHLIGHT_COLORS } from '../../protocol'
import { toJsonSafe } from '../serialize'
import { link, menuItemWire } from './displays'
import { positiveOrUndefined } from './inputs'
import { imageWire } from './media'
import { compact, type MethodImpl, type Page, type RowSource, type Wired } from './types'

type Row = Record<string, unknown>
type ColumnProp = string | { label: string; accessorKey?: string; renderCell?: (row: Row) => unknown }
interface Column { label: string; key: string; cell(row: Row): unknown }

const DEFAULT_ASYNC_PAGE = 20
let lastDataId = 0
/** Unique within the worker, which runs one transaction. */
const newDataId = (): string => `t${++lastDataId}`

/** Given columns, or the union of the rows' keys in the order they first appear. */
function columnsOf(given: ColumnProp[] | undefined, rows: Row[]): Column[] {
  if (given) {
    return given.map((c) => {
      if (typeof c === 'string') return { label: c, key: c, cell: (r) => r[c] }
      const key = c.accessorKey ?? c.label
      return { label: c.label, key, cell: c.renderCell ? (r) => c.renderCell!(r) : (r) => r[key] }
    })
  }
  const keys = new Set<string>()
  for (const r of rows) for (const k in r) keys.add(k)
  return [...keys].map((k) => ({ label: k, key: k, cell: (r) => r[k] }))
}

const isHighlight = (v: unknown): v is RichCellWire['hl'] => (HIGHLIGHT_COLORS as readonly unknown[]).includes(v)
const RICH_KEYS = ['label', 'value', 'url', 'route', 'action', 'image', 'highlightColor']

/** What sort and search use for a rich cell's `value`. */
function sortValue(v: unknown): string | number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime()
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return String(v)
  return undefined
}

/** Any cell value → its wire form. */
export function cellWire(v: unknown): CellWire {
  switch (typeof v) {
    case 'undefined':
      return null
    case 'string':
    case 'boolean':
      return v
    case 'number':
      return Number.isFinite(v) ? v : String(v)
    case 'bigint':
      return { l: v.toString(), v: Number(v) }
    case 'function':
    case 'symbol':
      return String(v)
  }
  if (v === null) return null
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : { d: v.getTime() }
  const o = v as Record<string, unknown>
  if (!Array.isArray(o) && RICH_KEYS.some((k) => k in o)) return richCell(o)
  return JSON.stringify(toJsonSafe(v)) ?? ''
}

/** Built field by field (no spread or filter): this runs for every rich cell of 100,000-row tables. */
function richCell(o: Record<string, unknown>): RichCellWire {
  const label = o.label ?? (o.value instanceof Date ? o.value.toISOString() : o.value)
  const cell: RichCellWire = { l: label === undefined || label === null ? '' : String(label) }
  const value = sortValue(o.value)
  if (value !== undefined) cell.v = value
  if (typeof o.url === 'string') cell.url = o.url
  const route = o.route ?? o.action
  if (typeof route === 'string') cell.route = route
  if (o.params && typeof o.params === 'object') cell.params = toJsonSafe(o.params) as Record<string, unknown>
  if (o.image) {
    const img = imageWire(o.image as Parameters<typeof imageWire>[0])
    if (img) cell.img = compact(img)
  }
  if (isHighlight(o.highlightColor)) cell.hl = o.highlightColor
  return cell
}

function menuOf(fn: ((row: Row) => unknown) | undefined, row: Row, where: string): MenuItemWire[] | null {
  if (!fn) return null
  const items = fn(row)
  if (items === undefined || items === null) return null
  if (!Array.isArray(items)) throw new TypeError(`${where}: rowMenuItems must return an array of { label, route?, params?, url?, disabled?, theme? }`)
  return items.map((m) => {
    if (!m || typeof m.label !== 'string') throw new TypeError(`${where}: each row menu item needs a "label"`)
    return menuItemWire(m)
  })
}

/** Rows → compact cells (and menus). */
function tableRows(rows: Row[], columns: Column[], rowMenuItems: ((row: Row) => unknown) | undefined, where: string): TableRowsWire {
  const out: CellWire[][] = new Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    const cells: CellWire[] = new Array(columns.length)
    for (let c = 0; c < columns.length; c++) cells[c] = cellWire(columns[c]!.cell(r))
    out[i] = cells
  }
  return rowMenuItems ? { rows: out, menus: rows.map((r) => menuOf(rowMenuItems, r, where)) } : { rows: out }
}

function rowSource(rows: Row[], convert: (rows: Row[]) => TableRowsWire): RowSource {
  return {
    count: rows.length,
    slice: (from, to) => convert(from === 0 && to >= rows.length ? rows : rows.slice(from, to)),
    pick: (indexes) => convert(indexes.map((i) => rows[i]!)),
  }
}

function gridItems(rows: Row[], renderItem: (row: Row) => unknown, where: string): TableRowsWire {
  return {
    items: rows.map((r) => {
      const it = renderItem(r) as Record<string, any> | null | undefined
      if (!it || typeof it !== 'object') throw new TypeError(`${where}: renderItem must return { label?, description?, image?, url?, route?, params?, menu? }`)
      return compact({
        // `title` is Interval's older name of `label`.
        label: (it.label ?? it.title) == null ? undefined : String(it.label ?? it.title),
        description: it.description === undefined || it.description === null ? undefined : String(it.description),
        image: imageWire(it.image),
        ...link(it),
        menu: Array.isArray(it.menu) ? it.menu.map(menuItemWire) : undefined,
      }) as GridItemWire
    }),
  }
}

/** Interval takes any number: a fraction rounds up, zero or less means no pages. */
const pageSize = (p: { defaultPageSize?: number }): number | undefined => {
  const n = positiveOrUndefined(p.defaultPageSize)
  return n && Math.ceil(n)
}

const common = (p: Record<string, any>, dataId: string) =>
  compact({ dataId, helpText: p.helpText, defaultPageSize: pageSize(p), isFilterable: p.isFilterable ?? true })

type GetData = (q: { queryTerm: string; sortColumn?: string; sortDirection?: 'asc' | 'desc'; offset: number; pageSize: number }) => unknown

/**
 * getData: the first page is fetched now (a table without `columns` takes
 * them from it) and kept for the webview's first request, so showing the
 * table costs one call.
 */
async function asyncSource(
  getData: GetData,
  pageSize: number,
  where: string,
  toRows: (rows: Row[]) => TableRowsWire,
  columnKey: (index: number) => string | undefined,
  needFirst: boolean,
): Promise<{ first: Row[]; query: (q: TableQuery) => Promise<Page> }> {
  const fetch = async (q: TableQuery): Promise<{ rows: Row[]; totalRecords?: number }> => {
    const sortColumn = q.sortColumn === undefined ? undefined : columnKey(q.sortColumn)
    const answer = (await getData(compact({ queryTerm: q.queryTerm, sortColumn, sortDirection: sortColumn ? q.sortDirection : undefined, offset: q.offset, pageSize: q.pageSize }))) as
      { data?: unknown; totalRecords?: unknown } | undefined
    if (!answer || !Array.isArray(answer.data)) throw new TypeError(`${where}: getData must return { data: rows[], totalRecords? }`)
    const total = typeof answer.totalRecords === 'number' && answer.totalRecords >= 0 ? Math.floor(answer.totalRecords) : undefined
    return { rows: answer.data as Row[], ...(total !== undefined ? { totalRecords: total } : {}) }
  }
  const firstQuery: TableQuery = { queryTerm: '', offset: 0, pageSize }
  let first: Promise<{ rows: Row[]; totalRecords?: number }> | undefined = fetch(firstQuery)
  let firstRows: Row[] = []
  try {
    firstRows = (await first).rows
  } catch (e) {
    // Without columns there is nothing to draw; with them, the table shows the error when it asks again.
    if (needFirst) throw e
    first = undefined
  }
  return {
    first: firstRows,
    query: async (q) => {
      const same = first && q.queryTerm === '' && q.offset === 0 && q.pageSize === pageSize && q.sortColumn === undefined
      const got = same ? await first! : await fetch(q)
      first = undefined
      return { data: toRows(got.rows), ...(got.totalRecords !== undefined ? { totalRecords: got.totalRecords } : {}) }
    },
  }
}

/** io.select.table and io.display.table. */
function tableImpl(where: string, selectable: boolean): MethodImpl {
  return {
    toWire: async (p): Promise<Wired> => {
      const dataId = newDataId()
      const base = {
        ...common(p, dataId),
        isSortable: p.isSortable ?? true,
        orientation: selectable ? undefined : p.orientation ?? 'horizontal',
        hasMenus: p.rowMenuItems ? true : undefined,
      }
      if (p.getData) {
        let columns: Column[] = []
        const source = await asyncSource(p.getData, pageSize(p) ?? DEFAULT_ASYNC_PAGE, where,
          (rows) => tableRows(rows, columns, p.rowMenuItems, where), (i) => columns[i]?.key, !p.columns)
        columns = columnsOf(p.columns, source.first)
        return { props: compact({ ...base, async: true, columns: columns.map(columnWire) }), query: source.query }
      }
      const rows = p.data as Row[]
      const columns = columnsOf(p.columns, rows)
      const initiallySelected = selectable && p.initiallySelected ? rows.flatMap((r, i) => (p.initiallySelected(r) ? [i] : [])) : undefined
      return {
        props: compact({
          ...base,
          columns: columns.map(columnWire),
          rowCount: rows.length,
          minSelections: p.minSelections,
          maxSelections: p.maxSelections,
          initiallySelected,
          disabled: p.disabled,
        }),
        rows: rowSource(rows, (some) => tableRows(some, columns, p.rowMenuItems, where)),
        state: rows,
      }
    },
    fromWire: selectable ? (indexes: number[], rows: Row[]) => indexes.map((i) => rows[i]) : () => null,
  }
}

const columnWire = (c: Column): ColumnWire => ({ label: c.label })

export const selectTable = tableImpl('io.select.table', true)
export const displayTable = tableImpl('io.display.table', false)

export const displayGrid: MethodImpl = {
  toWire: async (p): Promise<Wired> => {
    const where = 'io.display.grid'
    const dataId = newDataId()
    const base = { ...common(p, dataId), columns: [], isSortable: false, idealColumnWidth: positiveOrUndefined(p.idealColumnWidth) }
    if (p.getData) {
      const source = await asyncSource(p.getData, pageSize(p) ?? DEFAULT_ASYNC_PAGE, where, (rows) => gridItems(rows, p.renderItem, where), () => undefined, false)
      return { props: compact({ ...base, async: true }), query: source.query }
    }
    const rows = p.data as Row[]
    return { props: compact({ ...base, rowCount: rows.length }), rows: rowSource(rows, (some) => gridItems(some, p.renderItem, where)) }
  },
  fromWire: () => null,
}
