// The History view while a server is connected: "This workspace" (the local
// runs, as before) and "Server HOST:PORT" (the server's runs, read from its
// /api/history with the view's filter, pushed changes refreshing them). A
// click on a server run opens its panel, continuing it if it still waits.
import * as vscode from 'vscode'
import type { HistorySummary } from '../core/history/store'
import type { HistoryFilter } from './historyFilter'
import type { HistoryNode } from './historyTree'
import { runItem } from './historyTree'
import type { ServerConnection } from './serverConnection'

const LOCAL: HistoryNode = { kind: 'root', which: 'local' }
const SERVER: HistoryNode = { kind: 'root', which: 'server' }

export const serverRoots = (): HistoryNode[] => [LOCAL, SERVER]

export async function serverHistoryChildren(
  server: ServerConnection,
  filter: HistoryFilter,
  limit: number,
  byDay: (page: { items: HistorySummary[]; total: number }, server?: boolean) => HistoryNode[],
): Promise<HistoryNode[]> {
  const client = server.client
  if (!client) return []
  if (server.status.kind === 'unreachable') return [{ kind: 'serverStatus', text: 'Server unreachable — retrying', error: server.status.error }]
  if (server.status.kind === 'signedOut') return [{ kind: 'serverStatus', text: 'Signed out — connect again with a new sign-in link', error: server.status.error }]
  try {
    const page = await client.history({ ...filter, limit })
    if (!page.items.length) return [{ kind: 'serverStatus', text: filter.action || filter.status?.length || filter.text || filter.user ? 'No server runs match the filter' : 'No runs on the server yet' }]
    return byDay(page, true)
  } catch (e) {
    return [{ kind: 'serverStatus', text: 'Server history could not be read', error: (e as Error).message }]
  }
}

/** The roots, the status row, and a server run (its own click and context, so local commands never get it). */
export function serverRunItem(node: HistoryNode, server: ServerConnection | undefined): vscode.TreeItem {
  if (node.kind === 'root') {
    const local = node.which === 'local'
    const item = new vscode.TreeItem(local ? 'This workspace' : `Server ${server?.label ?? ''}`.trim(), vscode.TreeItemCollapsibleState.Expanded)
    item.id = `history-root:${node.which}`
    item.iconPath = new vscode.ThemeIcon(local ? 'root-folder' : server?.status.kind === 'unreachable' || server?.status.kind === 'signedOut' ? 'debug-disconnect' : 'server')
    item.contextValue = local ? 'localRoot' : 'serverRoot'
    return item
  }
  if (node.kind === 'serverStatus') {
    const item = new vscode.TreeItem(node.text)
    item.id = `server-history-status:${node.text}`
    if (node.error) {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      item.tooltip = `${node.error}\n\nClick to try again now.`
      item.command = { command: 'miniInterval.retryServer', title: 'Try Again' }
      item.accessibilityInformation = { label: node.text }
    } else item.iconPath = new vscode.ThemeIcon('info')
    return item
  }
  if (node.kind !== 'run') throw new Error(`not a server row: ${node.kind}`)
  // The server's list gives the live status (waiting or running) itself.
  const item = runItem(node.run, undefined)
  item.id = `server:${node.run.id}`
  item.command = { command: 'miniInterval.openServerRun', title: 'Open', arguments: [node.run.id, node.run.actionName] }
  item.contextValue = `serverTx.${node.run.status}`
  return item
}
