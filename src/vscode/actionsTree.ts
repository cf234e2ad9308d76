// The Actions view: folders as groups, an inline ▶ on each action, broken
// files marked with their error. Clicking an action opens its file.
import * as vscode from 'vscode'
import { buildTree, type TreeNode } from '../core/discovery/actionTree'
import type { ActionEntry, ActionIndex } from './actionIndex'

export class ActionsTree implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChangeTreeData = this.changed.event
  private roots: TreeNode[] = []

  constructor(private readonly index: ActionIndex) {
    index.onDidChange(() => this.rebuild())
  }

  private rebuild(): void {
    this.roots = buildTree(this.index.listed().map((e) => e.file), (vscode.workspace.workspaceFolders?.length ?? 0) > 1)
    this.changed.fire()
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? (node.kind === 'group' ? node.children : []) : this.roots
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded)
      item.id = node.id
      item.iconPath = vscode.ThemeIcon.Folder
      return item
    }
    const entry = this.index.find(node.file.file)
    return actionItem(node, entry)
  }
}

function actionItem(node: TreeNode & { kind: 'action' }, entry: ActionEntry | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(entry?.name ?? node.slug, vscode.TreeItemCollapsibleState.None)
  item.id = node.id
  item.resourceUri = vscode.Uri.file(node.file.file)
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

const firstLine = (text?: string): string | undefined => text?.split('\n', 1)[0]
