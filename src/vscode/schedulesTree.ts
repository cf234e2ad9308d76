// The Schedules view: each schedule with its cron (and time zone when not
// UTC), its next run (relative; exact in the tooltip), where it comes from,
// and under it its last run (a click opens it). While a server is connected
// there are two roots, as in Actions and History: this workspace's schedules,
// which this window runs, and the server's (GET /api/schedules).
import * as vscode from 'vscode'
import { messageItem, type MessageNode } from './messageItem'
import { STATUS_LABELS, TX_STATUSES, type TxStatus } from '../core/protocol'
import type { ScheduleView } from '../core/remote/schemas'
import { exactTime, relativeTime } from './relativeTime'
import type { LastRun, LocalSchedules } from './scheduleRunner'
import type { ServerConnection } from './serverConnection'

/** One schedule, whichever side runs it, as the rows need it. */
export interface ScheduleRow extends Omit<ScheduleView, 'last'> {
  server: boolean
  last?: LastRun | ScheduleView['last']
}

export type ScheduleNode =
  | { kind: 'root'; which: 'local' | 'server' }
  | { kind: 'schedule'; row: ScheduleRow }
  | { kind: 'last'; row: ScheduleRow }
  | MessageNode

/** How often the relative times are redrawn while the view is visible. */
const TICK_MS = 30_000

export class SchedulesTree implements vscode.TreeDataProvider<ScheduleNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChangeTreeData = this.changed.event
  private view?: vscode.TreeView<ScheduleNode>
  private timer?: NodeJS.Timeout
  private pending?: NodeJS.Timeout
  private readonly disposables: vscode.Disposable[] = []
  /** The server's schedules as last read (fetched when the view asks after a change). */
  private serverRows?: Promise<ScheduleRow[] | { error: string }>

  constructor(
    private readonly local: LocalSchedules,
    private readonly server: ServerConnection,
  ) {
    this.disposables.push(
      local.onDidChange(() => this.refresh()),
      server.onDidChange(() => this.refresh(true)),
      server.onDidChangeSchedules(() => this.refresh(true)),
      // A server run of a schedule changed status: its "last run" row shows it.
      server.onDidChangeTx((t) => t.id.startsWith('sched-') && this.refresh(true)),
    )
  }

  attach(view: vscode.TreeView<ScheduleNode>): void {
    this.view = view
    const tick = (): void => {
      clearInterval(this.timer)
      this.timer = view.visible ? setInterval(() => this.refresh(), TICK_MS) : undefined
    }
    this.disposables.push(view.onDidChangeVisibility(tick))
    tick()
  }

  /** Coalesced; `server`: read the server's list again too. */
  refresh(server = false): void {
    if (server) this.serverRows = undefined
    if (this.pending) return
    this.pending = setTimeout(() => {
      this.pending = undefined
      this.changed.fire()
    }, 50)
  }

  getChildren(node?: ScheduleNode): ScheduleNode[] | Promise<ScheduleNode[]> {
    if (!node) return this.server.connected ? [{ kind: 'root', which: 'local' }, { kind: 'root', which: 'server' }] : this.localNodes()
    if (node.kind === 'root') return node.which === 'local' ? this.localNodes() : this.serverNodes()
    if (node.kind === 'schedule' && node.row.last) return [{ kind: 'last', row: node.row }]
    return []
  }

  private localNodes(): ScheduleNode[] {
    const rows = this.local.list().map((s): ScheduleRow => ({
      server: false, id: s.id, slug: s.slug, actionName: s.actionName, cron: s.cron, timezone: s.timezone, params: s.params, origin: s.origin,
      owner: s.owner, next: s.nextRun?.toISOString(), last: this.local.last(s.id),
    }))
    if (this.view && !this.server.connected) this.view.message = this.local.running ? undefined : this.local.whyOff()
    if (!rows.length) {
      // The view's welcome says it when there are no roots; under a root a row must.
      if (!this.server.connected) return []
      return [{ kind: 'message', which: 'local', text: this.local.running ? 'No schedules in this workspace' : this.local.whyOff() }]
    }
    return rows.map((row) => ({ kind: 'schedule', row }))
  }

  private async serverNodes(): Promise<ScheduleNode[]> {
    const client = this.server.client
    if (!client) return []
    if (this.server.status.kind === 'unreachable') return [{ kind: 'message', which: 'server', text: 'Server unreachable — retrying', error: this.server.status.error }]
    if (this.server.status.kind === 'signedOut') return [{ kind: 'message', which: 'server', text: 'Signed out — connect again', error: this.server.status.error }]
    this.serverRows ??= client.schedules().then(
      (items) => items.map((s): ScheduleRow => ({ ...s, server: true })),
      (e: Error) => ({ error: e.message }),
    )
    const rows = await this.serverRows
    if ('error' in rows) {
      this.serverRows = undefined
      return [{ kind: 'message', which: 'server', text: 'The server\'s schedules could not be read', error: rows.error }]
    }
    return rows.length ? rows.map((row) => ({ kind: 'schedule', row })) : [{ kind: 'message', which: 'server', text: 'No schedules on the server' }]
  }

  getTreeItem(node: ScheduleNode): vscode.TreeItem {
    if (node.kind === 'root') return rootItem(node.which, this.server)
    if (node.kind === 'message') return messageItem('schedules', node)
    if (node.kind === 'last') return lastItem(node.row)
    return scheduleItem(node.row)
  }

  getParent(): undefined {
    return undefined
  }

  dispose(): void {
    clearInterval(this.timer)
    clearTimeout(this.pending)
    this.disposables.forEach((d) => d.dispose())
    this.changed.dispose()
  }
}

function rootItem(which: 'local' | 'server', server: ServerConnection): vscode.TreeItem {
  const local = which === 'local'
  const item = new vscode.TreeItem(local ? 'This workspace' : `Server ${server.label ?? ''}`.trim(), vscode.TreeItemCollapsibleState.Expanded)
  item.id = `schedules-root:${which}`
  const down = server.status.kind === 'unreachable' || server.status.kind === 'signedOut'
  item.iconPath = new vscode.ThemeIcon(local ? 'root-folder' : down ? 'debug-disconnect' : 'server')
  item.contextValue = local ? 'schedulesRoot.local' : 'schedulesRoot.server'
  return item
}

function scheduleItem(row: ScheduleRow): vscode.TreeItem {
  const item = new vscode.TreeItem(row.actionName, row.last ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None)
  // The last run in the id: a row that gains a last run is drawn expanded (VS Code keeps a known id's state).
  item.id = `schedule:${row.server ? 'server' : 'local'}:${row.id}:${row.last?.runId ?? ''}`
  const when = row.cron + (row.timezone !== 'UTC' ? ` ${row.timezone}` : '')
  const next = row.next ? `next ${relativeTime(Date.parse(row.next))}` : 'not armed'
  const origin = row.origin === 'action' ? 'declared' : 'added'
  item.description = `${when} · ${next} · ${origin}`
  item.iconPath = new vscode.ThemeIcon(row.origin === 'action' ? 'calendar' : 'watch')
  const tip = new vscode.MarkdownString()
  tip.appendMarkdown(`**${escape(row.actionName)}**  \n`)
  tip.appendText(`Cron "${row.cron}" in ${row.timezone}\n`)
  tip.appendText(row.next ? `Next run ${exactTime(row.next)} (${relativeTime(Date.parse(row.next))})\n` : 'No next run is armed\n')
  if (row.last) tip.appendText(`Last run for ${exactTime(row.last.scheduledFor)}${row.last.status ? `: ${statusLabel(row.last.status)}` : ''}\n`)
  tip.appendText(row.origin === 'action' ? `Declared by the action's "schedule" (${row.slug}): edit the action to change it\n` : `Added${row.owner ? ` by ${row.owner}` : ''}; runs as them\n`)
  if (Object.keys(row.params).length) tip.appendText(`Params ${JSON.stringify(row.params)}`)
  item.tooltip = tip
  item.contextValue = `schedule.${row.server ? 'server' : 'local'}.${row.origin === 'action' ? 'declared' : 'added'}`
  item.accessibilityInformation = { label: `${row.actionName}, ${when}, ${next}, ${origin}` }
  return item
}

function lastItem(row: ScheduleRow): vscode.TreeItem {
  const last = row.last!
  const status = statusLabel(last.status)
  const item = new vscode.TreeItem(`Last run ${relativeTime(Date.parse(last.scheduledFor))}`)
  item.id = `schedule-last:${row.server ? 'server' : 'local'}:${row.id}`
  item.description = status
  item.iconPath = statusIcon(last.status)
  item.tooltip = `Scheduled for ${exactTime(last.scheduledFor)}; transaction ${last.runId}. Click to open it.`
  item.command = row.server
    ? { command: 'miniInterval.openServerRun', title: 'Open', arguments: [last.runId, row.actionName] }
    : { command: 'miniInterval.openHistoryEntry', title: 'Open', arguments: [last.runId] }
  item.accessibilityInformation = { label: `Last run of ${row.actionName}, ${status}` }
  return item
}

const isStatus = (s: string | undefined): s is TxStatus => !!s && (TX_STATUSES as readonly string[]).includes(s)
const statusLabel = (s: string | undefined): string => (isStatus(s) ? STATUS_LABELS[s].toLowerCase() : s ?? 'starting')

function statusIcon(s: string | undefined): vscode.ThemeIcon {
  if (s === 'completed') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
  if (s === 'failed') return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
  if (s === 'awaiting') return new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('notificationsInfoIcon.foreground'))
  if (s === 'running' || !s) return new vscode.ThemeIcon('loading~spin')
  return new vscode.ThemeIcon('history')
}

const escape = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&')
