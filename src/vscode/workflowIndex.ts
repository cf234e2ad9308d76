// The workflow files of the workspace folders for the VS Code shell: the core
// WorkflowCatalog (each `*.workflow.json` parsed and checked, step actions
// against the ActionIndex's actions) over findFiles and file system watchers,
// its problems in their own DiagnosticCollection. Workflow files are JSON, only
// read, so this runs in Restricted Mode too (without the step-action check).
import * as vscode from 'vscode'
import type { WorkflowEntry } from '../core/discovery/entries'
import { WORKFLOW_INCLUDE } from '../core/discovery/workflowFiles'
import { WorkflowCatalog, type WorkflowSettings } from '../core/discovery/workflowCatalog'
import { ACTION_EXCLUDE } from '../core/discovery/catalog'
import type { ActionIndex } from './actionIndex'
import { vscodeFiles, workspaceFolders } from './fileWatch'
import { diagnosticSink } from './loadErrors'

export type { PlacedProblem, WorkflowEntry } from '../core/discovery/entries'

export class WorkflowIndex implements vscode.Disposable {
  readonly catalog: WorkflowCatalog
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChange = this.changed.event
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mini-interval-workflows')
  private readonly disposables: vscode.Disposable[] = []

  constructor(actions: ActionIndex, log: vscode.LogOutputChannel) {
    this.catalog = new WorkflowCatalog({ ...workflowSettings(), actions: actions.catalog, files: vscodeFiles(), problems: diagnosticSink(this.diagnostics), log })
    this.disposables.push(
      this.diagnostics,
      this.catalog.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration(
        (e) => (e.affectsConfiguration('miniInterval.workflows.include') || e.affectsConfiguration('miniInterval.actions.exclude')) && void this.refresh(),
      ),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      // Step actions are checked once trusted; the actions reloading then checks them again.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.catalog.configure({ trusted: true })),
    )
  }

  /** Settles when the first search and the first check of step actions are done. */
  get ready(): Promise<void> {
    return this.catalog.ready
  }

  /** Searches now; checks step actions once `actionsIndexed` settles. */
  start(actionsIndexed: Promise<void>): Promise<void> {
    this.catalog.configure(workflowSettings())
    return this.catalog.start(actionsIndexed)
  }

  all(): WorkflowEntry[] {
    return this.catalog.all()
  }

  /** By file path, else by slug. */
  find(slugOrPath: string): WorkflowEntry | undefined {
    return this.catalog.find(slugOrPath)
  }

  /** Re-reads settings, searches every folder, checks every workflow file. */
  refresh(): Promise<void> {
    this.catalog.configure(workflowSettings())
    return this.catalog.refresh()
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose())
    this.catalog.dispose()
    this.changed.dispose()
  }
}

/** `miniInterval.workflows.include`, the actions' exclude globs, the workspace folders and trust. */
function workflowSettings(): WorkflowSettings {
  return {
    folders: workspaceFolders(),
    include: vscode.workspace.getConfiguration('miniInterval.workflows').get<string>('include', WORKFLOW_INCLUDE),
    exclude: vscode.workspace.getConfiguration('miniInterval.actions').get<string[]>('exclude', ACTION_EXCLUDE),
    trusted: vscode.workspace.isTrusted,
  }
}
