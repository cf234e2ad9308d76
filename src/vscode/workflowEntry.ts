// A workflow file as an entry Transactions runs like an action's: its slug is
// its path without `.workflow.json`, its name the workflow's.
import { readFileSync } from 'node:fs'
import * as vscode from 'vscode'
import { workflowSlug } from '../core/discovery/workflowFiles'
import { parseWorkflow } from '../core/workflows/format'
import type { RunnableEntry } from '../core/runs/runnable'

export type { RunnableEntry } from '../core/runs/runnable'

/** A workflow file as something Transactions runs: its slug is its path without `.workflow.json`. */
export function workflowEntry(file: string): RunnableEntry {
  const relPath = vscode.workspace.asRelativePath(file, false)
  let name: string | undefined
  try {
    const parsed = parseWorkflow(readFileSync(file, 'utf8'))
    if (parsed.ok) name = parsed.workflow.name
  } catch {
    // unreadable: prepare() says why
  }
  const slug = workflowSlug(relPath.replace(/\\/g, '/'))
  // Closing a workflow's tab does not stop it: History reopens it.
  const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.name ?? ''
  return { file: { file, relPath, root }, slug, state: 'ready', name: name ?? slug, workflow: true, backgroundable: true, warnOnClose: false }
}

