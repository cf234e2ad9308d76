// Read-only view of a past transaction: one tab per transaction, reused. Its
// buttons run the action again, export or delete the run.
import * as vscode from 'vscode'
import { toHistoryEntry } from '../core/history/record'
import type { HistoryStore } from '../core/history/store'
import { txTitle } from '../core/protocol'
import { openSource } from './openSource'
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
      existing.panel.title = txTitle(entry.action.name, entry.status)
      existing.post({ type: 'history', entry })
      return existing.panel.reveal()
    }
    const ui = createMiniPanel(this.extensionUri, 'miniInterval.history', txTitle(entry.action.name, entry.status), this.log, (m) => {
      if (m.type === 'ready') ui.post({ type: 'history', entry })
      else if (m.type === 'open') this.open(m)
      else if (m.type === 'openSource') void openSource(m, this.log)
      else if (m.type === 'rerun') void vscode.commands.executeCommand('miniInterval.rerun', id)
      else if (m.type === 'queue') void vscode.commands.executeCommand('miniInterval.queueAction', { slug: entry.action.slug, params: entry.params })
      else if (m.type === 'delete') void vscode.commands.executeCommand('miniInterval.deleteHistoryEntry', id)
      else if (m.type === 'export') void vscode.commands.executeCommand('miniInterval.exportHistory', id, m.format)
      else if (m.type === 'copy') void vscode.env.clipboard.writeText(m.text)
      else if (m.type === 'showTransaction') void vscode.commands.executeCommand('miniInterval.openHistoryEntry', m.id)
    })
    this.panels.set(id, ui)
    ui.panel.onDidDispose(() => this.panels.delete(id))
  }

  /** Closes the tab of a deleted run. */
  close(id: string): void {
    this.panels.get(id)?.panel.dispose()
  }

  closeAll(): void {
    for (const ui of [...this.panels.values()]) ui.panel.dispose()
  }
}
