// Tables and grids on the wire. Their rows do not travel inside a component's
// props (which are logged and re-sent with every state change): the worker
// posts them once, as a `tableData` message keyed by the component's
// `dataId`, and the webview keeps them in its table store. Display tables and
// grids with `getData` are asked for pages instead (`tableQuery` → `tableRows`).
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import type { ImageWire, MenuItemWire } from './wire'

export const HIGHLIGHT_COLORS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'gray'] as const
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number]

/**
 * One cell. Primitives are shown as they are (null/'' is an empty cell).
 * Objects:
 * - `{ d }`: a date (epoch ms), shown in the person's locale, sorted by time;
 * - `{ l, v?, url?, route?, params?, img?, hl? }`: a label, with `v` the value
 *   sort and search use when given (a number, or text), a link (URL or route),
 *   an image and a highlight colour.
 */
export type CellWire = string | number | boolean | null | DateCellWire | RichCellWire
export interface DateCellWire { d: number }
export interface RichCellWire {
  l: string
  v?: string | number
  url?: string
  route?: string
  params?: Record<string, unknown>
  img?: ImageWire
  hl?: HighlightColor
}

/** A column as the webview draws it; its index is its identity in rows, sort and queries. */
export interface ColumnWire { label: string }

/** A grid item (`renderItem(row)`), with its menu. */
export interface GridItemWire {
  label?: string
  description?: string
  image?: ImageWire
  url?: string
  route?: string
  params?: Record<string, unknown>
  menu?: MenuItemWire[]
}

/** Rows of a table, or items of a grid, as they travel. `menus[i]` belongs to `rows[i]`. */
export interface TableRowsWire {
  rows?: CellWire[][]
  menus?: (MenuItemWire[] | null)[]
  items?: GridItemWire[]
}

/**
 * Props on the wire:
 * - SELECT_TABLE  { dataId, columns, rowCount, defaultPageSize?, isSortable, isFilterable,
 *                   minSelections?, maxSelections?, initiallySelected?: number[], hasMenus?, helpText?, disabled? }
 * - DISPLAY_TABLE { dataId, columns, rowCount (absent when async), async?: true, defaultPageSize?,
 *                   isSortable, isFilterable, orientation: 'horizontal'|'vertical', hasMenus? }
 * - DISPLAY_GRID  { dataId, rowCount (absent when async), async?: true, defaultPageSize?, isFilterable,
 *                   idealColumnWidth? (px) }
 * The answer to SELECT_TABLE is the chosen rows' indexes in `data` (number[]).
 */
export interface TablePropsWire {
  dataId: string
  columns: ColumnWire[]
  rowCount?: number
  async?: boolean
  defaultPageSize?: number
  isSortable: boolean
  isFilterable: boolean
  orientation?: 'horizontal' | 'vertical'
  minSelections?: number
  maxSelections?: number
  initiallySelected?: number[]
  hasMenus?: boolean
  idealColumnWidth?: number
  helpText?: string
  disabled?: boolean
}

/** The one page request shape: what getData receives, with the column as its index. */
export interface TableQuery {
  queryTerm: string
  sortColumn?: number
  sortDirection?: 'asc' | 'desc'
  offset: number
  pageSize: number
}

// Validated with a plain loop inside a zod schema: 100,000 rows × 8 cells
// through nested zod objects would take longer than drawing them.
const isPlainRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const optString = (v: unknown): boolean => v === undefined || typeof v === 'string'

function isImage(v: unknown): boolean {
  return isPlainRecord(v) && typeof v.url === 'string' && optString(v.alt) && optString(v.size)
}

export function isCell(c: unknown): c is CellWire {
  if (c === null) return true
  switch (typeof c) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(c)
    case 'object': {
      if (Array.isArray(c)) return false
      const o = c as Record<string, unknown>
      if ('d' in o) return typeof o.d === 'number' && Number.isFinite(o.d)
      return (
        typeof o.l === 'string' &&
        (o.v === undefined || typeof o.v === 'string' || (typeof o.v === 'number' && Number.isFinite(o.v))) &&
        optString(o.url) && optString(o.route) &&
        (o.params === undefined || isPlainRecord(o.params)) &&
        (o.img === undefined || isImage(o.img)) &&
        (o.hl === undefined || (HIGHLIGHT_COLORS as readonly unknown[]).includes(o.hl))
      )
    }
    default:
      return false
  }
}

function isMenu(m: unknown): boolean {
  return Array.isArray(m) && m.every((i) => isPlainRecord(i) && typeof i.label === 'string' && optString(i.url) && optString(i.route) &&
    (i.params === undefined || isPlainRecord(i.params)) && (i.disabled === undefined || typeof i.disabled === 'boolean') &&
    (i.theme === undefined || i.theme === 'primary' || i.theme === 'secondary' || i.theme === 'danger'))
}

function isGridItem(v: unknown): boolean {
  return isPlainRecord(v) && optString(v.label) && optString(v.description) && optString(v.url) && optString(v.route) &&
    (v.image === undefined || isImage(v.image)) && (v.params === undefined || isPlainRecord(v.params)) && (v.menu === undefined || isMenu(v.menu))
}

/** Rows or items, checked cell by cell; the first bad place is named. */
export function checkRows(d: unknown): string | undefined {
  if (!isPlainRecord(d)) return 'expected { rows?, menus?, items? }'
  if (d.rows !== undefined) {
    if (!Array.isArray(d.rows)) return 'rows: expected an array'
    for (let r = 0; r < d.rows.length; r++) {
      const row = d.rows[r]
      if (!Array.isArray(row)) return `rows.${r}: expected an array of cells`
      for (let i = 0; i < row.length; i++) if (!isCell(row[i])) return `rows.${r}.${i}: not a table cell`
    }
  }
  if (d.menus !== undefined) {
    if (!Array.isArray(d.menus) || (Array.isArray(d.rows) && d.menus.length !== d.rows.length)) return 'menus: expected one entry a row'
    const bad = d.menus.findIndex((m) => m !== null && !isMenu(m))
    if (bad >= 0) return `menus.${bad}: not a menu`
  }
  if (d.items !== undefined) {
    if (!Array.isArray(d.items)) return 'items: expected an array'
    const bad = d.items.findIndex((i) => !isGridItem(i))
    if (bad >= 0) return `items.${bad}: not a grid item`
  }
  return undefined
}

// Built on first use (core/lazySchemas.ts).
export const { tableRowsSchema, tableRowsPayloadShape, tableQuerySchema } = lazySchemas(() => {
  const tableRowsSchema = z.custom<TableRowsWire>().check((ctx) => {
    const problem = checkRows(ctx.value)
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
  })

  /**
   * How rows travel: JSON text of TableRowsWire, gzipped and base64-encoded when large. One string
   * crosses VS Code's message layers in milliseconds where 100,000 nested arrays take seconds, and
   * code-server carries ~20 MB of table JSON at a few MB/s: gzip makes it about a fifth.
   */
  const tableRowsPayloadShape = {
    json: z.string().optional(),
    /** base64 of gzipped JSON text */
    gzip: z.string().optional(),
  }
  const tableQuerySchema = z.object({
    queryTerm: z.string().max(10_000),
    sortColumn: z.number().int().nonnegative().optional(),
    sortDirection: z.enum(['asc', 'desc']).optional(),
    offset: z.number().int().nonnegative(),
    pageSize: z.number().int().positive().max(10_000),
  })
  return { tableRowsSchema, tableRowsPayloadShape, tableQuerySchema }
})

export type TableRowsPayload = { json: string; gzip?: undefined } | { gzip: string; json?: undefined }

/** Parses JSON text of rows into checked rows, or says what is wrong with it. */
export function parseTableJson(json: string): { ok: true; data: TableRowsWire } | { ok: false; reason: string } {
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch (e) {
    return { ok: false, reason: `not JSON: ${(e as Error).message}` }
  }
  const checked = tableRowsSchema.safeParse(data)
  return checked.success ? { ok: true, data: checked.data } : { ok: false, reason: checked.error.issues[0]!.message }
}
