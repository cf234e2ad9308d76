// Where a table's or grid's rows come from, for <io-table> and <io-grid>: the
// table store for static rows (which may arrive after the first render, and
// again after a reload), or getData pages. A new `dataId` is a new table.
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { TablePropsWire, TableRowsWire } from '../../../src/core/protocol'
import { tableStore } from './store'

export interface RowsHost {
  /** The component's props, once it has a component. */
  props(): TablePropsWire | undefined
  /** Static rows arrived (or arrived again). */
  onRows(rows: TableRowsWire): void
  /** A getData table was attached: ask for its first page unless one is here. */
  onAsync(): void
  /** Another table now: forget the old one's view state. */
  onNewTable(): void
}

export class RowsController implements ReactiveController {
  private dataId: string | undefined
  private unsubscribe: (() => void) | undefined

  constructor(host: ReactiveControllerHost, private readonly h: RowsHost) {
    host.addController(this)
  }

  hostConnected(): void {
    if (this.h.props() && !this.unsubscribe) this.attach()
  }

  hostDisconnected(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }

  /** From the host's willUpdate when its component changed. */
  componentChanged(): void {
    const p = this.h.props()
    if (!p || p.dataId === this.dataId) return
    this.h.onNewTable()
    this.attach()
  }

  private attach(): void {
    const p = this.h.props()!
    this.unsubscribe?.()
    this.dataId = p.dataId
    if (p.async === true) {
      this.unsubscribe = () => {}
      this.h.onAsync()
      return
    }
    this.unsubscribe = tableStore.watch(p.dataId, (d) => this.h.onRows(d))
  }
}
