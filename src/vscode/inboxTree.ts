// The Inbox view: queued actions waiting for this person, with a count badge.
// Alone, the local queue (`<globalStorage>/queue`: ctx.enqueue, Queue Action…,
// a scheduled run waiting for its owner); while a server is connected, also
// that server's items for the signed-in person (GET /api/inbox, read again on
// the stream's `inbox` events), under two roots as in the other views.
import * as vscode from 'vscode'
import { messageItem, type MessageNode } from './messageItem'
import type { QueuedAction, QueueStore } from '../core/queue/types'
import { exactTime, relativeTime } from './relativeTime'
import type { ServerConnection } from './serverConnection'

export type InboxNode =
  | { kind: 'root'; which: 'local' | 'server' }
  | { kind: 'item'; item: QueuedAction; server: boolean }
  | MessageNode

export class InboxTree implements vscode.TreeDataProvider<InboxNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChangeTreeData = this.changed.event
  private view?: vscode.TreeView<InboxNode>
  private pending?: NodeJS.Timeout
  private readonly disposables: vscode.Disposable[] = []
  private localItems: QueuedAction[] = []
  private serverItems: QueuedAction[] | { error: string } = []
  /** Bumped on each read: an older read's answer arriving late is dropped. */
  private reading = 0

  constructor(
    private readonly queue: QueueStore,
    private readonly server: ServerConnection,
    /** Whose items are "mine" (Withdraw): the local person, or the server's signed-in one. */
    private readonly me: () => { local: string; server?: string },
    private readonly log: vscode.LogOutputChannel,
  ) {
    const off = queue.onChange(() => this.refresh())
    this.disposables.push(
      { dispose: off },
      server.onDidChange(() => this.refresh()),
      server.onDidChangeInbox(() => this.refresh()),
    )
  }

  attach(view: vscode.TreeView<InboxNode>): void {
    this.view = view
    this.refresh()
  }

  /** Reads both sides again (coalesced), then redraws and sets the badge. */
  refresh(): void {
    if (this.pending) return
    this.pending = setTimeout(() => {
      this.pending = undefined
      void this.read()
    }, 50)
  }

  /** How many open items the badge counts. */
  get count(): number {
    return this.localItems.length + (Array.isArray(this.serverItems) ? this.serverItems.length : 0)
  }

  /** Every item the view shows (tests). */
  get items(): { local: QueuedAction[]; server: QueuedAction[] } {
    return { local: this.localItems, server: Array.isArray(this.serverItems) ? this.serverItems : [] }
  }

  private async read(): Promise<void> {
    const reading = ++this.reading
    // Alone there is one person: every open local item is theirs, whoever it names.
    const local = await this.queue.open().catch((e: Error) => {
      this.log.error(`The Inbox could not be read: ${e.message}`)
      return []
    })
    const client = this.server.client
    const remote: QueuedAction[] | { error: string } = client && this.server.status.kind !== 'signedOut'
      ? await client.inbox().catch((e: Error) => ({ error: e.message }))
      : []
    if (reading !== this.reading) return
    this.localItems = local
    this.serverItems = remote
    if (this.view) {
      const n = this.count
      this.view.badge = n ? { value: n, tooltip: `${n} queued action${n === 1 ? '' : 's'} waiting for you` } : undefined
    }
    this.changed.fire()
  }

  getChildren(node?: InboxNode): InboxNode[] {
    if (!node) return this.server.connected ? [{ kind: 'root', which: 'local' }, { kind: 'root', which: 'server' }] : this.localNodes(false)
    if (node.kind !== 'root') return []
    if (node.which === 'local') return this.localNodes(true)
    if ('error' in this.serverItems) return [{ kind: 'message', which: 'server', text: 'The server\'s Inbox could not be read', error: this.serverItems.error }]
    return this.serverItems.length ? this.serverItems.map((item) => ({ kind: 'item', item, server: true })) : [{ kind: 'message', which: 'server', text: 'Nothing waiting for you on the server' }]
  }

  private localNodes(underRoot: boolean): InboxNode[] {
    if (!this.localItems.length) return underRoot ? [{ kind: 'message', which: 'local', text: 'Nothing waiting in this workspace' }] : []
    return this.localItems.map((item) => ({ kind: 'item', item, server: false }))
  }

  getTreeItem(node: InboxNode): vscode.TreeItem {
    if (node.kind === 'root') {
      const local = node.which === 'local'
      const count = local ? this.localItems.length : Array.isArray(this.serverItems) ? this.serverItems.length : 0
      const item = new vscode.TreeItem(local ? 'This workspace' : `Server ${this.server.label ?? ''}`.trim(), vscode.TreeItemCollapsibleState.Expanded)
      item.id = `inbox-root:${node.which}`
      item.iconPath = new vscode.ThemeIcon(local ? 'root-folder' : 'server')
      item.description = count ? `${count} waiting` : undefined
      item.accessibilityInformation = { label: `${item.label}${count ? `, ${count} waiting` : ''}` }
      return item
    }
    if (node.kind === 'message') return messageItem('inbox', node)
    return itemRow(node.item, node.server, this.isMine(node.item, node.server), this.actionName(node.item, node.server))
  }

  private isMine(item: QueuedAction, server: boolean): boolean {
    const me = this.me()
    const email = server ? me.server : me.local
    return !!email && item.createdBy.toLowerCase() === email.toLowerCase()
  }

  private actionName(item: QueuedAction, server: boolean): string {
    return (server ? this.server.listing?.actions.find((a) => a.slug === item.slug)?.name : undefined) ?? this.localName(item.slug) ?? item.slug
  }

  /** Set by the composition root: an action's name in this workspace. */
  localName: (slug: string) => string | undefined = () => undefined

  getParent(): undefined {
    return undefined
  }

  dispose(): void {
    clearTimeout(this.pending)
    this.disposables.forEach((d) => d.dispose())
    this.changed.dispose()
  }
}

const SOURCES: Record<QueuedAction['source']['kind'], string> = {
  ctx: 'queued by a run',
  person: 'queued',
  workflow: 'a workflow step',
  schedule: 'its scheduled run needs you',
}

function itemRow(item: QueuedAction, server: boolean, mine: boolean, actionName: string): vscode.TreeItem {
  const title = item.title ?? actionName
  const row = new vscode.TreeItem(title)
  row.id = `inbox:${server ? 'server' : 'local'}:${item.id}`
  const started = item.state === 'started'
  const from = item.source.kind === 'schedule' ? SOURCES.schedule : `${SOURCES[item.source.kind]} by ${item.createdBy}`
  const to = item.assignee ? `for ${item.assignee}` : item.team ? `for team ${item.team}` : undefined
  row.description = [started ? 'started' : undefined, from, to, relativeTime(Date.parse(item.createdAt))].filter(Boolean).join(' · ')
  row.iconPath = new vscode.ThemeIcon(started ? 'play-circle' : item.source.kind === 'schedule' ? 'bell-dot' : 'mail', started ? undefined : new vscode.ThemeColor('notificationsInfoIcon.foreground'))
  const tip = new vscode.MarkdownString()
  tip.appendMarkdown(`**${escape(title)}**  \n`)
  tip.appendText(`${actionName} (${item.slug})${server ? ' on the server' : ''}\n${from}, ${exactTime(item.createdAt)}\n`)
  if (to) tip.appendText(`${to}\n`)
  if (started) tip.appendText(`Started by ${item.startedBy ?? 'someone'}${item.startedAt ? ` ${exactTime(item.startedAt)}` : ''}\n`)
  if (Object.keys(item.params).length) tip.appendText(`Params ${JSON.stringify(item.params)}\n`)
  tip.appendText('Click to open it.')
  row.tooltip = tip
  row.command = { command: 'miniInterval.openQueued', title: 'Open', arguments: [{ id: item.id, server, runId: item.runId, name: actionName }] }
  row.contextValue = `queued.${server ? 'server' : 'local'}${mine && item.state === 'waiting' ? '.mine' : ''}`
  row.accessibilityInformation = { label: `${title}, ${row.description}` }
  return row
}

const escape = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&')
