// Commands of the Inbox: open an item (a local one starts its run here with
// the run id fixed when it was queued, or shows the run already going; a
// server one is opened on the server, then shown in a server tab as Run does),
// Withdraw (its creator), Queue Action… (an action, params, and on a server
// who it is for). A local item leaves the Inbox when its run ends.
import * as vscode from 'vscode'
import type { HistoryStore } from '../core/history/store'
import { isFinished, type User } from '../core/protocol'
import type { QueueStore } from '../core/queue/types'
import type { ActionIndex } from './actionIndex'
import { pickActionTarget } from './pickTarget'
import type { InboxNode, InboxTree } from './inboxTree'
import { readParams } from './paramsInput'
import type { RemotePanels } from './remotePanels'
import type { ServerConnection } from './serverConnection'
import type { Transactions } from './transactions'

/** An Inbox row's argument, or a local item's id (a scheduled run's notification). */
type ItemRef = string | { id: string; server?: boolean; runId?: string; name?: string }

/** What Queue Action… takes as its argument (tests, links): any part given is not asked for. */
export interface QueueActionArgs {
  slug?: string
  server?: boolean
  params?: Record<string, unknown>
  assignee?: string
  team?: string
  title?: string
}

export function registerInboxCommands(deps: {
  queue: QueueStore
  tree: InboxTree
  index: ActionIndex
  transactions: Transactions
  history: HistoryStore
  server: ServerConnection
  panels: RemotePanels
  user: () => User
  log: vscode.LogOutputChannel
}): vscode.Disposable[] {
  const { queue, tree, index, transactions, history, server, panels, user, log } = deps

  /** Opens an item; returns the id of the run it opened, or undefined (said why). */
  async function open(ref?: ItemRef | InboxNode): Promise<string | undefined> {
    const r = ref && typeof ref === 'object' && 'kind' in ref ? (ref.kind === 'item' ? { id: ref.item.id, server: ref.server, name: ref.item.title } : undefined) : ref
    if (!r) return undefined
    const { id, server: onServer, name } = typeof r === 'string' ? { id: r, server: false, name: undefined } : r
    return onServer ? openOnServer(id, name) : openLocal(id)
  }

  async function openOnServer(id: string, name?: string): Promise<string | undefined> {
    const client = server.client
    if (!client) return void vscode.window.showErrorMessage('Mini Interval: no server is connected.')
    try {
      const runId = await client.openQueued(id)
      log.info(`Queued action ${id} opened on ${server.label}: transaction ${runId}`)
      panels.open(runId, name)
      tree.refresh()
      return runId
    } catch (e) {
      tree.refresh()
      return void vscode.window.showErrorMessage(`Mini Interval: could not open it on the server: ${(e as Error).message}`)
    }
  }

  async function openLocal(id: string): Promise<string | undefined> {
    const item = await queue.start(id, user().email)
    if (!item) {
      tree.refresh()
      return void vscode.window.showInformationMessage('Mini Interval: that queued action was withdrawn or is done.')
    }
    // A run going in this window (a scheduled run waiting for its owner): its tab.
    if (transactions.show(item.runId)) return item.runId
    const known = history.summary(item.runId)
    if (known) {
      // Started before (another window runs it, or it ended while this one was away): History shows it.
      if (isFinished(known.status)) await queue.finish(item.id, known.status)
      await vscode.commands.executeCommand('miniInterval.openHistoryEntry', item.runId)
      return item.runId
    }
    const entry = index.find(item.slug)
    if (!entry || entry.state !== 'ready') return void vscode.window.showErrorMessage(`Mini Interval: ${item.slug} ${entry ? 'cannot be loaded' : 'is not an action of this workspace'}, so it cannot be opened.`)
    try {
      const tx = await transactions.start(entry, item.params, item.runId, undefined, { trigger: { kind: 'queue', item: item.id } })
      return tx.id
    } catch (e) {
      return void vscode.window.showErrorMessage(`Mini Interval: could not open ${entry.name ?? entry.slug}: ${(e as Error).message}`)
    }
  }

  async function withdraw(node?: InboxNode): Promise<boolean> {
    if (node?.kind !== 'item') return false
    try {
      if (node.server) {
        if (!server.client) throw new Error('no server is connected')
        await server.client.withdrawQueued(node.item.id)
      } else if (!(await queue.withdraw(node.item.id, user().email))) throw new Error('it was started already')
      tree.refresh()
      return true
    } catch (e) {
      void vscode.window.showErrorMessage(`Mini Interval: could not withdraw it: ${(e as Error).message}`)
      return false
    }
  }

  /** Returns the new item's id. */
  async function queueAction(args: QueueActionArgs = {}): Promise<string | undefined> {
    const target = args.slug ? { slug: args.slug, server: !!args.server, name: args.slug } : await pickActionTarget(index, server, 'Queue')
    if (!target) return undefined
    const params = args.params ?? (await readParams(`Queue ${target.name}: params`))
    if (params === undefined) return undefined
    let assignee = args.assignee
    let team = args.team
    if (target.server && args.assignee === undefined && args.team === undefined) {
      const who = await vscode.window.showInputBox({
        title: `Queue ${target.name}: for whom`,
        prompt: 'A person\'s email, or a team\'s name; empty: anyone who may run it',
        ignoreFocusOut: true,
      })
      if (who === undefined) return undefined
      if (who.includes('@')) assignee = who.trim()
      else if (who.trim()) team = who.trim()
    }
    try {
      if (target.server) {
        if (!server.client) throw new Error('no server is connected')
        const item = await server.client.queue({ slug: target.slug, params, ...(assignee ? { assignee } : {}), ...(team ? { team } : {}), ...(args.title ? { title: args.title } : {}) })
        log.info(`Queued ${target.slug} on ${server.label} (${item.id})`)
        vscode.window.setStatusBarMessage(`$(inbox) Queued ${target.name} on ${server.label}`, 4000)
        tree.refresh()
        return item.id
      }
      const item = await queue.add({ slug: target.slug, params, source: { kind: 'person' }, ...(args.title ? { title: args.title } : {}) }, user().email)
      log.info(`Queued ${target.slug} in this workspace's Inbox (${item.id})`)
      vscode.window.setStatusBarMessage(`$(inbox) Queued ${target.name} in the Inbox`, 4000)
      return item.id
    } catch (e) {
      void vscode.window.showErrorMessage(`Mini Interval: could not queue it: ${(e as Error).message}`)
      return undefined
    }
  }

  /** A local item's run ended: it leaves the Inbox, with how it ended. */
  const finishing = transactions.onDidChange((tx) => {
    if (!isFinished(tx.status)) return
    void queue.byRun(tx.id).then(
      (item) => item && (item.state === 'waiting' || item.state === 'started') ? queue.finish(item.id, tx.status) : undefined,
    ).catch((e: Error) => log.warn(`The Inbox item of ${tx.id} could not be marked done: ${e.message}`))
  })

  return [
    finishing,
    vscode.commands.registerCommand('miniInterval.openQueued', open),
    vscode.commands.registerCommand('miniInterval.withdrawQueued', withdraw),
    vscode.commands.registerCommand('miniInterval.queueAction', queueAction),
    vscode.commands.registerCommand('miniInterval.refreshInbox', () => tree.refresh()),
  ]
}
