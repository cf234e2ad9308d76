// The Actions view while a server is connected: two roots, "This workspace"
// (the local tree, unchanged) and "Server HOST:PORT" (the server's tree as its
// dashboard groups it), with a row saying so when the server cannot be reached.
// Without a server there are no roots, so nothing changes for people without one.
import * as vscode from 'vscode'
import type { TreeNode } from '../core/discovery/actionTree'
import type { RemoteAction, RemoteListing, RemoteWorkflow } from '../core/remote/schemas'
import type { ServerConnection } from './serverConnection'
import { WORKFLOW_ICON } from './workflowItems'

export type ServerActionsNode =
  | { kind: 'root'; which: 'local' | 'server' }
  | { kind: 'serverStatus' }
  | { kind: 'remote'; node: TreeNode }

export const LOCAL_ROOT: ServerActionsNode = { kind: 'root', which: 'local' }
export const SERVER_ROOT: ServerActionsNode = { kind: 'root', which: 'server' }

export const isServerActionsNode = (n: { kind: string }): n is ServerActionsNode => n.kind === 'root' || n.kind === 'serverStatus' || n.kind === 'remote'

/** The children of a server node (the local root's are the caller's). */
export function serverActionsChildren(node: ServerActionsNode, server: ServerConnection): ServerActionsNode[] {
  if (node === SERVER_ROOT) {
    const status: ServerActionsNode[] = server.status.kind === 'online' ? [] : [{ kind: 'serverStatus' }]
    return [...status, ...(server.listing?.tree ?? []).map((n) => ({ kind: 'remote' as const, node: n }))]
  }
  if (node.kind === 'remote' && node.node.kind === 'group') return node.node.children.map((n) => ({ kind: 'remote' as const, node: n }))
  return []
}

export function serverActionsItem(node: ServerActionsNode, server: ServerConnection): vscode.TreeItem {
  if (node.kind === 'root') return rootItem(node.which, server)
  if (node.kind === 'serverStatus') return statusItem(server)
  return remoteItem(node.node, server)
}

function rootItem(which: 'local' | 'server', server: ServerConnection): vscode.TreeItem {
  if (which === 'local') {
    const item = new vscode.TreeItem('This workspace', vscode.TreeItemCollapsibleState.Expanded)
    item.id = 'root:local'
    item.iconPath = new vscode.ThemeIcon('root-folder')
    item.contextValue = 'localRoot'
    return item
  }
  const item = new vscode.TreeItem(`Server ${server.label ?? ''}`.trim(), vscode.TreeItemCollapsibleState.Expanded)
  item.id = 'root:server'
  item.contextValue = 'serverRoot'
  const down = server.status.kind === 'unreachable' || server.status.kind === 'signedOut'
  item.iconPath = new vscode.ThemeIcon(down ? 'debug-disconnect' : 'server', down ? new vscode.ThemeColor('list.warningForeground') : undefined)
  const count = server.listing ? server.listing.actions.filter((a) => a.kind === 'action').length + server.listing.workflows.length : undefined
  item.description = server.status.kind === 'signedOut' ? 'signed out' : down ? 'unreachable' : server.status.kind === 'connecting' ? 'connecting…' : `${count} action${count === 1 ? '' : 's'}`
  item.tooltip = `Mini Interval server at ${server.client?.base ?? ''}`
  // Without this, screen readers (and the tests) would hear the tooltip instead of the row.
  item.accessibilityInformation = { label: `${item.label}, ${item.description}` }
  return item
}

function statusItem(server: ServerConnection): vscode.TreeItem {
  const s = server.status
  if (s.kind === 'unreachable') {
    const item = new vscode.TreeItem('Server unreachable — retrying')
    item.id = 'server:status'
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
    item.description = s.retryInMs ? `next try in ${Math.round(s.retryInMs / 1000)} s` : undefined
    item.tooltip = `${s.error}\n\nClick to try again now.`
    item.command = { command: 'miniInterval.retryServer', title: 'Try Again' }
    item.accessibilityInformation = { label: `Server unreachable — retrying${item.description ? `, ${item.description}` : ''}` }
    return item
  }
  if (s.kind === 'signedOut') {
    const item = new vscode.TreeItem('Signed out — connect again')
    item.id = 'server:status'
    item.iconPath = new vscode.ThemeIcon('account', new vscode.ThemeColor('list.warningForeground'))
    item.tooltip = `${s.error}\n\nClick to connect with a new sign-in link.`
    item.command = { command: 'miniInterval.connectServer', title: 'Connect to Server…' }
    return item
  }
  const item = new vscode.TreeItem('Connecting…')
  item.id = 'server:status'
  item.iconPath = new vscode.ThemeIcon('loading~spin')
  return item
}

function remoteItem(node: TreeNode, server: ServerConnection): vscode.TreeItem {
  const listing = server.listing
  if (node.kind === 'group') {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded)
    item.id = `server:${node.id}`
    const page = node.key ? listing?.actions.find((a) => a.key === node.key && a.kind === 'page') : undefined
    item.iconPath = page ? new vscode.ThemeIcon(page.state === 'broken' ? 'error' : 'book') : vscode.ThemeIcon.Folder
    item.description = page?.state === 'broken' ? firstLine(page.error) : page?.description
    return item
  }
  const { workflow, action } = remoteEntry(node, listing)
  const name = workflow?.name ?? action?.name ?? node.slug
  const slug = workflow?.slug ?? action?.slug ?? node.slug
  const broken = (workflow ?? action)?.state === 'broken'
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None)
  item.id = `server:${node.id}`
  const error = workflow?.problem ?? action?.error
  if (broken) {
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
    item.description = firstLine(error)
    item.contextValue = 'serverAction.broken'
  } else {
    item.iconPath = new vscode.ThemeIcon(workflow ? WORKFLOW_ICON : action?.state === 'loading' ? 'loading~spin' : 'symbol-event')
    item.description = workflow?.description ?? action?.description ?? (name !== slug ? slug : undefined)
    item.contextValue = 'serverAction'
    // No file to open here: a click runs it on the server, as the server's dashboard does.
    item.command = { command: 'miniInterval.runServerAction', title: 'Run on Server', arguments: [slug] }
  }
  const tip = new vscode.MarkdownString().appendMarkdown(`**${escape(name)}**  \n`).appendText(`${workflow ? 'workflow · ' : ''}${slug} · ${node.file.relPath} on ${server.label}`)
  if (broken && error) tip.appendMarkdown('\n\n').appendCodeblock(error, 'text')
  item.tooltip = tip
  item.accessibilityInformation = { label: `${name}, on the server${broken ? ', broken' : ''}` }
  return item
}

/** The listing's action or workflow a tree row stands for (workflow files sit in the tree as files). */
export function remoteEntry(node: TreeNode & { kind: 'action' }, listing: RemoteListing | undefined): { workflow?: RemoteWorkflow; action?: RemoteAction } {
  const workflow = node.key ? undefined : listing?.workflows.find((w) => w.relPath === node.file.relPath)
  if (workflow) return { workflow }
  return { action: listing?.actions.find((a) => (node.key ? a.key === node.key : a.relPath === node.file.relPath && !a.key)) }
}

/** The slug a server row runs (the inline ▶ passes the row). */
export function remoteSlug(node: ServerActionsNode, listing: RemoteListing | undefined): string | undefined {
  if (node.kind !== 'remote' || node.node.kind !== 'action') return undefined
  const { workflow, action } = remoteEntry(node.node, listing)
  return workflow?.slug ?? action?.slug ?? node.node.slug
}

const firstLine = (text?: string): string | undefined => text?.split('\n', 1)[0]
const escape = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&')
