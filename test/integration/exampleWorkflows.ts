// The examples/workflows workflows in tests: each run gets a scratch copy of the
// order database (its step functions take `db`), so the repository's stays as it is.
import { copyFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import { workflowEntry } from '../../src/vscode/workflowEntry'

export const ordersDir = (): string => join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'workflows')

export function scratchDb(): string {
  const db = join(mkdtempSync(join(tmpdir(), 'mi-orders-')), 'orders.json')
  copyFileSync(join(ordersDir(), 'data', 'orders.json'), db)
  return db
}

/** Starts an example workflow with params (its input and database), as a Re-run does. */
export async function startWorkflow(a: MiniIntervalApi, name: string, params: Record<string, unknown>): Promise<string> {
  return (await a.transactions.start(workflowEntry(join(ordersDir(), `${name}.workflow.json`)), params)).id
}
