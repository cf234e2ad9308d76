// The Actions of the workspace folders for the VS Code shell: the core
// ActionCatalog (action files, Interval entry files' routes, each compiled and
// inspected off this thread) over findFiles and file system watchers, its
// problems in a DiagnosticCollection, re-read when settings, folders or trust change.
import * as vscode from 'vscode'
import type { ActionFile } from '../core/discovery/actionTree'
import { ACTION_EXCLUDE, ACTION_INCLUDE, ActionCatalog, type CatalogSettings } from '../core/discovery/catalog'
import type { ActionEntry } from '../core/discovery/entries'
import { fileOf as folderFile } from '../core/discovery/files'
import type { CompileCache } from '../core/loader/cache'
import { vscodeFiles, workspaceFolders } from './fileWatch'
import { diagnosticSink } from './loadErrors'

export type { ActionEntry, RouteRef } from '../core/discovery/entries'

export class ActionIndex implements vscode.Disposable {
  readonly catalog: ActionCatalog
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChange = this.changed.event
  private readonly disposables: vscode.Disposable[] = []

  constructor(compiler: CompileCache, workerPath: string, log: vscode.LogOutputChannel, diagnostics: vscode.DiagnosticCollection) {
    this.catalog = new ActionCatalog({ ...actionSettings(), files: vscodeFiles(), compiler, workerPath, problems: diagnosticSink(diagnostics), log })
    this.disposables.push(
      this.catalog.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('miniInterval.actions') && void this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    )
  }

  /** Every action file and every route (actions and pages) of the Interval entry files. */
  all(): ActionEntry[] {
    return this.catalog.all()
  }

  /** What the tree and the quick pick offer: every action but the unlisted ones (pages are not actions). */
  listed(): ActionEntry[] {
    return this.catalog.listed()
  }

  /** The listed pages of the Interval entry files: the tree's groups for their routes. */
  pages(): ActionEntry[] {
    return this.catalog.pages()
  }

  /** By file path, route key (`<entry>#<slug>`) or slug; a slug names an action before a page. */
  find(slugOrPath: string): ActionEntry | undefined {
    return this.catalog.find(slugOrPath)
  }

  /** Re-reads settings, searches every folder, reloads every action. */
  refresh(): Promise<void> {
    this.catalog.configure(actionSettings())
    return this.catalog.refresh()
  }

  /** Compiles and inspects one file; a failure marks only that entry broken. */
  load(entry: ActionEntry): Promise<void> {
    return this.catalog.load(entry)
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose())
    this.catalog.dispose()
    this.changed.dispose()
  }
}

/** The `miniInterval.actions` settings, the workspace folders and trust, as the catalog takes them. */
export function actionSettings(): CatalogSettings {
  const config = vscode.workspace.getConfiguration('miniInterval.actions')
  return {
    folders: workspaceFolders(),
    include: config.get<string>('include', ACTION_INCLUDE),
    exclude: config.get<string[]>('exclude', ACTION_EXCLUDE),
    trusted: vscode.workspace.isTrusted,
  }
}

/** A file of a workspace folder: its path relative to the folder (posix), which globs and slugs use. */
export function fileOf(folder: vscode.WorkspaceFolder, uri: vscode.Uri): ActionFile {
  return folderFile({ name: folder.name, path: folder.uri.fsPath }, uri.fsPath)
}
