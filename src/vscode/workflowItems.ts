// How a workflow shows in the Actions tree and in the quick picks: its own
// icon, its description or step count, and, when broken, its first problem.
import * as vscode from 'vscode'
import type { PlacedProblem, WorkflowEntry } from './workflowIndex'

export const WORKFLOW_ICON = 'type-hierarchy'

export function workflowLabel(entry: WorkflowEntry): string {
  return entry.workflow?.name ?? entry.slug
}

/** The description, else "N steps"; for a broken file, its first problem. */
export function workflowDescription(entry: WorkflowEntry): string | undefined {
  if (entry.state === 'broken') return entry.problems[0]?.message
  const steps = entry.workflow?.steps.length ?? 0
  return entry.workflow?.description ?? `${steps} step${steps === 1 ? '' : 's'}`
}

/** `12:5 message`: a problem with its 1-based place, as Problems shows it. */
const placed = (p: PlacedProblem): string => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`

export function workflowTreeItem(entry: WorkflowEntry): vscode.TreeItem {
  const label = workflowLabel(entry)
  const broken = entry.state === 'broken'
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None)
  item.id = `workflow:${entry.file.file}`
  item.resourceUri = vscode.Uri.file(entry.file.file)
  item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] }
  item.contextValue = broken ? 'workflow.broken' : 'workflow'
  item.iconPath = broken ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon(WORKFLOW_ICON)
  item.description = workflowDescription(entry)
  item.accessibilityInformation = { label: `${label}, ${broken ? 'broken workflow' : 'workflow'}: ${item.description ?? ''}` }
  const tip = new vscode.MarkdownString().appendMarkdown(`**${label}**  \n`).appendText(`workflow · ${entry.slug} · ${entry.file.relPath}`)
  if (broken) tip.appendMarkdown('\n\n').appendCodeblock(entry.problems.map(placed).join('\n'), 'text')
  else if (entry.workflow?.description) tip.appendMarkdown('\n\n').appendText(entry.workflow.description)
  item.tooltip = tip
  return item
}

export interface WorkflowPick extends vscode.QuickPickItem {
  workflow: WorkflowEntry
}

export function workflowPickItem(entry: WorkflowEntry): WorkflowPick {
  const broken = entry.state === 'broken'
  return {
    label: `$(${broken ? 'error' : WORKFLOW_ICON}) ${workflowLabel(entry)}`,
    description: broken ? 'cannot run' : workflowDescription(entry),
    detail: broken ? entry.problems[0]?.message : entry.file.relPath,
    workflow: entry,
  }
}
