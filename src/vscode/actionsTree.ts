// The Actions view: folders as groups, an inline ▶ on each action and
// workflow, broken files marked with their error. Clicking one opens its file.
import * as vscode from 'vscode'
import { buildTree, type RouteItem, type TreeNode } from '../core/discovery/actionTree'
import type { ActionEntry, ActionIndex } from './actionIndex'
import type { WorkflowIndex } from './workflowIndex'
import { workflowTreeItem } from './workflowItems'
import type { ServerConnection } from './serverConnection'
import { LOCAL_ROOT, SERVER_ROOT, isServerActionsNode, serverActionsChildren, serverActionsItem, type ServerActionsNode } from './serverTree'

/** A local row, or (with a server connected) a root or a server row. */
export type ActionsNode = TreeNode | ServerActionsNode

export class ActionsTree implements vscode.TreeDataProvider<ActionsNode> {
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChangeTreeData = this.changed.event
  private roots: TreeNode[] = []

  constructor(private readonly index: ActionIndex, private readonly workflows?: WorkflowIndex, private readonly server?: ServerConnection) {
    index.onDidChange(() => this.rebuild())
    workflows?.onDidChange(() => this.rebuild())
    server?.onDidChange(() => this.changed.fire())
  }

  private rebuild(): void {
    const listed = this.index.listed()
    const routes: RouteItem[] = [...listed, ...this.index.pages()].flatMap((e) =>
      e.route ? [{ key: e.route.key, slug: e.slug, file: e.file, kind: e.route.kind, label: e.name ?? e.slug }] : [],
    )
    // Workflow files go in as files, so they share the actions' folder groups; getTreeItem tells them apart.
    // In Restricted Mode the view stays empty, so its welcome explains why nothing runs.
    const workflows = vscode.workspace.isTrusted ? (this.workflows?.all().map((w) => w.file) ?? []) : []
    const files = [...listed.filter((e) => !e.route).map((e) => e.file), ...workflows]
    this.roots = buildTree(files, (vscode.workspace.workspaceFolders?.length ?? 0) > 1, routes)
    this.changed.fire()
  }

  getChildren(node?: ActionsNode): ActionsNode[] {
    // Roots only while a server is connected: without one the view is as it always was.
    if (this.server?.connected && !node) return [LOCAL_ROOT, SERVER_ROOT]
    if (node === LOCAL_ROOT) return this.roots
    if (node && isServerActionsNode(node)) return this.server ? serverActionsChildren(node, this.server) : []
    return node ? (node.kind === 'group' ? node.children : []) : this.roots
  }

  getTreeItem(node: ActionsNode): vscode.TreeItem {
    if (isServerActionsNode(node)) return serverActionsItem(node, this.server!)
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded)
      item.id = node.id
      item.iconPath = vscode.ThemeIcon.Folder
      const page = node.key ? this.index.find(node.key) : undefined
      if (page) pageItem(item, page)
      return item
    }
    const workflow = node.key ? undefined : this.workflows?.find(node.file.file)
    if (workflow) return workflowTreeItem(workflow)
    const entry = this.index.find(node.key ?? node.file.file)
    return actionItem(node, entry)
  }
}

function actionItem(node: TreeNode & { kind: 'action' }, entry: ActionEntry | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(entry?.name ?? node.slug, vscode.TreeItemCollapsibleState.None)
  item.id = node.id
  item.resourceUri = vscode.Uri.file(entry?.route?.source ?? node.file.file)
  item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] }
  const tip = new vscode.MarkdownString()
  tip.appendMarkdown(`**${entry?.name ?? node.slug}**  \n`).appendText(`${node.slug} · ${node.file.relPath}`)
  if (entry?.state === 'broken') {
    item.contextValue = 'brokenAction'
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
    item.description = firstLine(entry.error)
    tip.appendMarkdown('\n\n').appendCodeblock(entry.error ?? '', 'text')
  } else {
    item.contextValue = 'action'
    item.iconPath = new vscode.ThemeIcon(entry?.state === 'loading' ? 'loading~spin' : 'symbol-event')
    item.description = entry?.description ?? (entry?.name ? node.slug : undefined)
    if (entry?.description) tip.appendMarkdown('\n\n').appendText(entry.description)
  }
  item.tooltip = tip
  return item
}

/** An Interval page: a group that opens the file defining it on click, and shows why it is broken. */
function pageItem(item: vscode.TreeItem, page: ActionEntry): void {
  const source = vscode.Uri.file(page.route!.source)
  item.resourceUri = source
  item.iconPath = page.state === 'broken' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('book')
  item.contextValue = page.state === 'broken' ? 'brokenPage' : 'page'
  // A page with a handler opens its screen on click (its routes stay one twistie away).
  if (page.route!.hasHandler && page.state !== 'broken') item.command = { command: 'miniInterval.runAction', title: 'Open page', arguments: [page.route!.key] }
  item.description = page.state === 'broken' ? firstLine(page.error) : page.description
  const tip = new vscode.MarkdownString().appendMarkdown(`**${page.name ?? page.slug}**  \n`).appendText(`${page.slug} · page`)
  if (page.error) tip.appendMarkdown('\n\n').appendCodeblock(page.error, 'text')
  else if (page.description) tip.appendMarkdown('\n\n').appendText(page.description)
  item.tooltip = tip
}

const firstLine = (text?: string): string | undefined => text?.split('\n', 1)[0]
