// Search and sort over a table's rows, on the page's thread (the CSP has no
// worker-src). Everything is lazy and kept in typed arrays, so 100,000 rows
// cost nothing until asked:
// - the search index (one lower-cased string a row) is built in idle slices
//   after the first paint, or at the first keystroke; a longer query only
//   scans the previous query's matches;
// - a column's order is computed on its first sort (typed keys, plain `<`),
//   once for both directions: descending reverses the runs of equal keys and
//   keeps empty cells last.
// The result is always a Uint32Array of original row indexes.
import type { CellWire } from '../../../src/core/protocol'
import { searchText, sortKey } from './cells'

export type SortDirection = 'asc' | 'desc'
export interface SortState { column: number; direction: SortDirection }


interface ColumnOrder { asc: Uint32Array; desc: Uint32Array; rank: { asc?: Uint32Array; desc?: Uint32Array } }

export class TableEngine {
  readonly size: number
  private haystack: string[] = []
  private lastQuery = ''
  private lastMatches: Uint32Array | null = null
  private readonly orders = new Map<number, ColumnOrder>()
  private all: Uint32Array | null = null

  constructor(private readonly rows: readonly (readonly CellWire[])[]) {
    this.size = rows.length
  }

  /** True once every row is in the search index. */
  get indexed(): boolean {
    return this.haystack.length === this.size
  }

  /** Indexes rows until `more()` says stop (idle time); true when the index is complete. */
  indexSome(more: () => boolean): boolean {
    const h = this.haystack
    const rows = this.rows
    while (h.length < this.size) {
      const end = Math.min(this.size, h.length + 500)
      for (let r = h.length; r < end; r++) h.push(rowText(rows[r]!))
      if (!more()) break
    }
    return this.indexed
  }

  /** Rows whose text contains `query` (case-insensitive), in original order; null = no query, every row. */
  matches(query: string): Uint32Array | null {
    const q = query.trim().toLowerCase()
    if (!q) return null
    if (q === this.lastQuery && this.lastMatches) return this.lastMatches
    this.indexSome(() => true)
    const h = this.haystack
    const out = new Uint32Array(this.size)
    let n = 0
    // A query containing the previous one can only match a subset of its rows.
    const from = this.lastMatches && this.lastQuery && q.includes(this.lastQuery) ? this.lastMatches : null
    if (from) {
      for (let i = 0; i < from.length; i++) if (h[from[i]!]!.includes(q)) out[n++] = from[i]!
    } else {
      for (let r = 0; r < h.length; r++) if (h[r]!.includes(q)) out[n++] = r
    }
    this.lastQuery = q
    this.lastMatches = out.slice(0, n)
    return this.lastMatches
  }

  /** Every row in the column's order (empty cells last in both directions). */
  order(sort: SortState): Uint32Array {
    let o = this.orders.get(sort.column)
    if (!o) this.orders.set(sort.column, (o = sortColumn(this.rows, sort.column)))
    return o[sort.direction]
  }

  /** The rows to show: matching `query`, in `sort` order (or original order). */
  view(query: string, sort: SortState | null): Uint32Array {
    const matched = this.matches(query)
    if (!sort) return matched ?? (this.all ??= identity(this.size))
    const order = this.order(sort)
    if (!matched) return order
    if (matched.length === this.size) return order
    // Each match's position in the order, sorted natively, mapped back to rows.
    const o = this.orders.get(sort.column)!
    const rank = (o.rank[sort.direction] ??= inverse(order))
    const positions = new Uint32Array(matched.length)
    for (let i = 0; i < matched.length; i++) positions[i] = rank[matched[i]!]!
    positions.sort()
    for (let i = 0; i < positions.length; i++) positions[i] = order[positions[i]!]!
    return positions
  }
}

function rowText(row: readonly CellWire[]): string {
  let s = ''
  for (let i = 0; i < row.length; i++) s += (i ? '\n' : '') + searchText(row[i])
  return s.toLowerCase()
}

function identity(n: number): Uint32Array {
  const a = new Uint32Array(n)
  for (let i = 0; i < n; i++) a[i] = i
  return a
}

function inverse(order: Uint32Array): Uint32Array {
  const rank = new Uint32Array(order.length)
  for (let i = 0; i < order.length; i++) rank[order[i]!] = i
  return rank
}

/**
 * Sorts one column once, numbers (and dates) before text, equal keys in their
 * original order: numbers by a native Float64Array sort of the distinct values
 * and a counting sort; text by comparing natural keys with `<`. Descending
 * reverses the runs of equal keys. Empty cells stay last in both.
 */
export function sortColumn(rows: readonly (readonly CellWire[])[], column: number): ColumnOrder {
  const n = rows.length
  const num = new Float64Array(n)
  const str: (string | undefined)[] = new Array(n)
  const numRows: number[] = []
  const strRows: number[] = []
  const empty: number[] = []
  for (let r = 0; r < n; r++) {
    const k = sortKey(rows[r]![column])
    if (k === null) empty.push(r)
    else if (typeof k === 'number') { num[r] = k; numRows.push(r) }
    else { str[r] = k; strRows.push(r) }
  }
  const filled = new Uint32Array(numRows.length + strRows.length)
  sortNumbers(num, numRows, filled)
  // Array#sort is stable: equal keys keep their original order.
  strRows.sort((a, b) => {
    const x = str[a]!
    const y = str[b]!
    return x < y ? -1 : x > y ? 1 : 0
  })
  filled.set(strRows, numRows.length)
  const asc = new Uint32Array(n)
  asc.set(filled)
  asc.set(empty, filled.length)
  const same = (a: number, b: number): boolean => (str[a] === undefined ? str[b] === undefined && num[a] === num[b] : str[a] === str[b])
  const desc = new Uint32Array(n)
  let at = 0
  for (let end = filled.length; end > 0;) {
    let start = end - 1
    while (start > 0 && same(filled[start - 1]!, filled[end - 1]!)) start--
    desc.set(filled.subarray(start, end), at)
    at += end - start
    end = start
  }
  desc.set(empty, at)
  return { asc, desc, rank: {} }
}

/**
 * Writes `rows` into `out` by ascending `num[row]`, stable: an LSD radix sort
 * (four 16-bit digits) of the doubles' bits made order-preserving — O(n),
 * where a comparator sort of 100,000 rows costs ~100 ms.
 */
function sortNumbers(num: Float64Array, rows: number[], out: Uint32Array): void {
  const m = rows.length
  const one = new Float64Array(1)
  const word = new Uint32Array(one.buffer) // little-endian: [low, high]
  const lo = new Uint32Array(m)
  const hi = new Uint32Array(m)
  for (let i = 0; i < m; i++) {
    one[0] = num[rows[i]!]!
    // Negative: flip every bit; positive: flip the sign bit. Unsigned order is then numeric order.
    if (word[1]! & 0x80000000) { hi[i] = ~word[1]! >>> 0; lo[i] = ~word[0]! >>> 0 } else { hi[i] = (word[1]! | 0x80000000) >>> 0; lo[i] = word[0]! }
  }
  let idx = new Uint32Array(m)
  for (let i = 0; i < m; i++) idx[i] = i
  let tmp = new Uint32Array(m)
  const counts = new Uint32Array(65_536)
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi
    const shift = pass % 2 ? 16 : 0
    counts.fill(0)
    for (let i = 0; i < m; i++) counts[(src[idx[i]!]! >>> shift) & 0xffff]!++
    if (counts[(src[idx[0] ?? 0]! >>> shift) & 0xffff] === m) continue // one digit for all: nothing to move
    let sum = 0
    for (let d = 0; d < 65_536; d++) { const c = counts[d]!; counts[d] = sum; sum += c }
    for (let i = 0; i < m; i++) { const j = idx[i]!; tmp[counts[(src[j]! >>> shift) & 0xffff]!++] = j }
    const t = idx
    idx = tmp
    tmp = t
  }
  for (let i = 0; i < m; i++) out[i] = rows[idx[i]!]!
}
