// The History view: runs grouped by day, newest first, filtered by action,
// status and text. It shows a page at a time from the store's index (never
// every file), with a "Show more" row at the end.
import * as vscode from 'vscode'
import type { HistoryStore, HistorySummary } from '../core/history/store'
import { formatDuration, STATUS_LABELS, type TxStatus } from '../core/protocol'
import { dayLabel, type HistoryFilter, describeFilter } from './historyFilter'
import type { ServerConnection } from './serverConnection'
import { serverHistoryChildren, serverRoots, serverRunItem } from './serverHistory'

const PAGE = 200

const ICONS: Record<TxStatus, [string, string?]> = {
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  canceled: ['circle-slash', 'disabledForeground'],
  redirected: ['arrow-right', 'textLink.foreground'],
  interrupted: ['debug-disconnect', 'list.warningForeground'],
  // A resumed run whose code now makes another call than the one answered before the reload.
  diverged: ['git-compare', 'list.warningForeground'],
  running: ['loading~spin'],
  awaiting: ['bell-dot', 'notificationsInfoIcon.foreground'],
}

/** `server` marks the rows of the connected server's runs (under its own root). */
export type HistoryNode =
  | { kind: 'day'; label: string; runs: HistorySummary[]; first: boolean; server?: boolean }
  | { kind: 'run'; run: HistorySummary; server?: boolean }
  | { kind: 'more'; shown: number; total: number; server?: boolean }
  | { kind: 'root'; which: 'local' | 'server' }
  | { kind: 'serverStatus'; text: string; error?: string }

export class HistoryTree implements vscode.TreeDataProvider<HistoryNode> {
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChangeTreeData = this.changed.event
  private limit = PAGE
  private filter: HistoryFilter = {}
  private view?: vscode.TreeView<HistoryNode>
  private pending?: NodeJS.Timeout

  constructor(
    private readonly store: HistoryStore,
    /** The live status of a transaction this window runs (awaiting vs running), which the index does not keep. */
    private readonly liveStatus: (id: string) => TxStatus | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly server?: ServerConnection,
  ) {
    server?.onDidChange(() => this.refresh())
    server?.onDidChangeTx(() => this.refresh())
  }

  attach(view: vscode.TreeView<HistoryNode>): void {
    this.view = view
  }

  get current(): HistoryFilter {
    return this.filter
  }

  setFilter(filter: HistoryFilter): void {
    this.filter = filter
    this.limit = PAGE
    void vscode.commands.executeCommand('setContext', 'miniInterval.historyFiltered', !!(filter.action || filter.status?.length || filter.text || filter.user))
    this.refresh()
  }

  showMore(): void {
    this.limit += PAGE
    this.refresh()
  }

  /** Coalesces bursts (every status change of every transaction) into one redraw. */
  refresh(): void {
    if (this.pending) return
    this.pending = setTimeout(() => {
      this.pending = undefined
      this.changed.fire()
    }, 50)
  }

  getChildren(node?: HistoryNode): HistoryNode[] | Promise<HistoryNode[]> {
    // Roots only while a server is connected: without one the view is as it always was.
    if (!node && this.server?.connected) return serverRoots()
    if (node?.kind === 'root') {
      if (node.which === 'server') return serverHistoryChildren(this.server!, this.filter, this.limit, byDay)
      // Under a root the view's welcome cannot say it: an empty local History says so itself.
      const local = this.local()
      return local.length ? local : [{ kind: 'serverStatus', text: 'No runs in this workspace yet' }]
    }
    if (node) return node.kind === 'day' ? node.runs.map((run) => ({ kind: 'run', run, server: node.server })) : []
    return this.local()
  }

  /** This workspace's runs: a page of the index, by day. */
  private local(): HistoryNode[] {
    let page: { items: HistorySummary[]; total: number }
    try {
      page = this.store.query({ ...this.filter, limit: this.limit })
    } catch (e) {
      this.log.error(`History could not be read: ${(e as Error).message}`)
      if (this.view) this.view.message = `History could not be read: ${(e as Error).message}`
      return []
    }
    if (this.view) this.view.message = describeFilter(this.filter, page.total)
    return byDay(page)
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'root' || node.kind === 'serverStatus' || (node.kind === 'run' && node.server)) return serverRunItem(node, this.server)
    if (node.kind === 'day') {
      const item = new vscode.TreeItem(node.label, node.first ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed)
      item.id = `${node.server ? 'server-' : ''}day:${node.label}:${node.runs.length}`
      item.description = node.runs.length === 1 ? '1 run' : `${node.runs.length} runs`
      item.contextValue = 'historyDay'
      return item
    }
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(`Show ${Math.min(PAGE, node.total - node.shown)} more…`)
      item.description = `${node.shown.toLocaleString()} of ${node.total.toLocaleString()}`
      item.iconPath = new vscode.ThemeIcon('ellipsis')
      item.command = { command: 'miniInterval.historyShowMore', title: 'Show More' }
      return item
    }
    const item = runItem(node.run, this.liveStatus(node.run.id))
    const next = node.run.trigger === 'schedule' ? this.nextScheduled(node.run.id) : undefined
    if (next && item.tooltip instanceof vscode.MarkdownString) item.tooltip.appendText(`\nIts schedule runs next ${next.toLocaleString()}`)
    return item
  }

  /** When the schedule of a scheduled run fires next (set by the composition root: this window's schedules). */
  nextScheduled: (runId: string) => Date | undefined = () => undefined

  getParent(): undefined {
    return undefined
  }
}

/** A page of runs grouped by day, newest first, with a "Show more" row when there are more. */
function byDay(page: { items: HistorySummary[]; total: number }, server?: boolean): HistoryNode[] {
  const days = new Map<string, HistorySummary[]>()
  for (const run of page.items) {
    const label = dayLabel(run.startedAt)
    const list = days.get(label)
    if (list) list.push(run)
    else days.set(label, [run])
  }
  const nodes: HistoryNode[] = [...days].map(([label, runs], i) => ({ kind: 'day', label, runs, first: i === 0, ...(server ? { server } : {}) }))
  if (page.total > page.items.length) nodes.push({ kind: 'more', shown: page.items.length, total: page.total, ...(server ? { server } : {}) })
  return nodes
}

export function runItem(s: HistorySummary, live: TxStatus | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(s.actionName || s.slug || s.id)
  item.id = s.id
  item.command = { command: 'miniInterval.openHistoryEntry', title: 'Open', arguments: [s.id] }
  if (s.unreadable) {
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
    item.description = 'unreadable'
    item.tooltip = s.unreadable
    item.contextValue = 'tx.unreadable'
    return item
  }
  const status = live ?? s.status
  const [icon, color] = ICONS[status]
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined)
  const time = new Date(s.startedAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  const took = formatDuration(s.startedAt, s.endedAt)
  // A run nobody clicked says how it started, before the row's end is cut off: on its schedule, or opened from an Inbox.
  const how = s.trigger === 'schedule' ? 'scheduled' : s.trigger === 'queue' ? 'from Inbox' : undefined
  const row = [STATUS_LABELS[status].toLowerCase(), how, s.user, time, took].filter(Boolean).join(' · ')
  const times = s.resumed === 1 ? 'once' : `${s.resumed} times`
  item.description = row + (s.resumed ? ` · resumed ${s.resumed}×` : '')
  const tip = new vscode.MarkdownString()
  tip.appendMarkdown(`**${escape(s.actionName)}** — ${STATUS_LABELS[status]}\n\n`)
  tip.appendText(`Run by ${s.user}${s.email ? ` <${s.email}>` : ''}\nStarted ${new Date(s.startedAt).toLocaleString()}${took ? `\nTook ${took}` : ''}`)
  if (s.trigger === 'schedule') tip.appendText('\nRan on its schedule')
  if (s.trigger === 'queue') tip.appendText('\nOpened from an Inbox')
  if (s.resumed) tip.appendText(`\nResumed ${times} after VS Code reloaded or crashed`)
  if (s.problems) tip.appendText(`\n${s.problems} unreadable line(s) in its log`)
  item.tooltip = tip
  // Screen readers (and the tests) hear the whole row, not only the action's name.
  // "×" is read as a sign, so the resumed count is spelled out for them.
  item.accessibilityInformation = { label: `${s.actionName}, ${row}${s.resumed ? `, resumed ${times}` : ''}` }
  item.contextValue = `tx.${status}`
  return item
}

const escape = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&')
