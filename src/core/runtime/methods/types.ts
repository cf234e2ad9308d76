// How the worker turns one io call into what the webview draws, and the
// webview's answer back into the value the action receives.
import type { Method, TableQuery, TableRowsWire } from '../../protocol'

export class FieldError extends Error {}

export interface MethodImpl {
  /** Checked action props → JSON wire props; `state` stays in the worker for this call. */
  toWire(props: Record<string, any>, label: string, multiple: boolean): Wired | Promise<Wired>
  /** A checked wire answer → the action's value. Throws FieldError to refuse it. */
  fromWire(value: any, state: any, multiple: boolean): unknown | Promise<unknown>
}

export interface Wired {
  props: Record<string, unknown>
  state?: unknown
  /** Values that arrive later (metadata promises): called once shown, with a way to re-send the props. */
  later?: (update: (props: Record<string, unknown>) => void) => void
  /** Rows of a table or grid, posted apart from the props (keyed by `props.dataId`). */
  rows?: RowSource
  /** Pages of a table or grid with getData, asked for by the webview while the transaction runs. */
  query?: (q: TableQuery) => Promise<Page>
}

/** A table's or grid's rows, turned into cells when asked: the first screenful is sent ahead of the rest. */
export interface RowSource {
  count: number
  slice(from: number, to: number): TableRowsWire
  pick(indexes: number[]): TableRowsWire
}

export interface Page {
  data: TableRowsWire
  totalRecords?: number
}

export type MethodTable = Record<Method, MethodImpl>

/** Drops undefined and null entries, so the wire holds only what was given. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T
}

export const same: MethodImpl = { toWire: (props) => ({ props: compact(props) }), fromWire: (v) => v }
