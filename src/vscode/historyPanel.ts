// Read-only view of a past transaction: one panel per transaction, reused.
import * as vscode from 'vscode'
import { toHistoryEntry } from '../core/history/record'
import type { HistoryStore } from '../core/history/store'
import { createMiniPanel, type MiniPanel } from './webviewPanel'

export class HistoryPanels {
  private readonly panels = new Map<string, MiniPanel>()

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: HistoryStore,
    private readonly log: vscode.LogOutputChannel,
    /** Links in a past transaction's displays still open (or run their action). */
    private readonly open: (target: { url?: string; route?: string; params?: Record<string, unknown> }) => void,
  ) {}

  show(id: string): void {
    let record
    try {
      record = this.store.read(id)
    } catch (e) {
      void vscode.window.showErrorMessage(`Mini Interval: ${(e as Error).message}`)
      return
    }
    const entry = toHistoryEntry(record)
    const existing = this.panels.get(id)
    if (existing) {
      existing.post({ type: 'history', entry })
      return existing.panel.reveal()
    }
    const ui = createMiniPanel(this.extensionUri, 'miniInterval.history', `${entry.action.name} · ${entry.status}`, this.log, (m) => {
      if (m.type === 'ready') ui.post({ type: 'history', entry })
      else if (m.type === 'open') this.open(m)
    })
    this.panels.set(id, ui)
    ui.panel.onDidDispose(() => this.panels.delete(id))
  }
}
