// The History view: newest first, an icon per status; clicking opens the
// read-only transaction view.
import * as vscode from 'vscode'
import type { HistoryStore, HistorySummary } from '../core/history/store'
import type { TxStatus } from '../core/protocol'

const ICONS: Record<TxStatus, [string, string?]> = {
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  canceled: ['circle-slash', 'disabledForeground'],
  redirected: ['arrow-right', 'textLink.foreground'],
  interrupted: ['debug-disconnect', 'list.warningForeground'],
  running: ['loading~spin'],
  awaiting: ['loading~spin'],
}

export class HistoryTree implements vscode.TreeDataProvider<HistorySummary> {
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChangeTreeData = this.changed.event

  constructor(private readonly store: HistoryStore) {}

  refresh(): void {
    this.changed.fire()
  }

  getChildren(node?: HistorySummary): HistorySummary[] {
    return node ? [] : this.store.list()
  }

  getTreeItem(s: HistorySummary): vscode.TreeItem {
    const item = new vscode.TreeItem(s.actionName ?? s.id)
    item.id = s.id
    item.command = { command: 'miniInterval.openHistoryEntry', title: 'Open', arguments: [s.id] }
    if (s.unreadable) {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      item.description = 'unreadable'
      item.tooltip = s.unreadable
      return item
    }
    const [icon, color] = ICONS[s.status!]
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined)
    item.description = `${s.status} · ${when(s.startedAt!)}`
    item.tooltip = `${s.actionName} — ${s.status}\nStarted ${new Date(s.startedAt!).toLocaleString()}${s.problems ? `\n${s.problems} unreadable line(s) in its log` : ''}`
    item.contextValue = `tx.${s.status}`
    return item
  }
}

function when(iso: string): string {
  const d = new Date(iso)
  const sameDay = d.toDateString() === new Date().toDateString()
  return sameDay ? d.toLocaleTimeString() : d.toLocaleString()
}
