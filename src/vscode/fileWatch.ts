// The core catalogs' FileSource in VS Code: workspace.findFiles to search and a
// file system watcher per glob to follow, both relative to a workspace folder.
import * as vscode from 'vscode'
import type { FileSource, Folder } from '../core/discovery/files'

/** The workspace folders as the catalogs take them. */
export function workspaceFolders(): Folder[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => ({ name: f.name, path: f.uri.fsPath }))
}

/** Searches and watches through VS Code (its search honours the workspace's file system, remote or not). */
export function vscodeFiles(): FileSource {
  return {
    async find(folder, include, exclude, maxResults) {
      const base = baseOf(folder)
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(base, include), excludePattern(base, exclude), maxResults)
      return uris.map((uri) => uri.fsPath)
    },
    watch(folder, include, events) {
      return watchFiles(new vscode.RelativePattern(baseOf(folder), include), (uri) => events.changed(uri.fsPath), (uri) => events.deleted(uri.fsPath))
    },
  }
}

/** The workspace folder at `folder.path` (VS Code watches those already), else the path itself. */
function baseOf(folder: Folder): vscode.WorkspaceFolder | vscode.Uri {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.fsPath === folder.path) ?? vscode.Uri.file(folder.path)
}

/** Calls `upsert` when a file matching `pattern` is created or changed, `remove` when it is deleted. */
export function watchFiles(pattern: vscode.GlobPattern, upsert: (uri: vscode.Uri) => void, remove: (uri: vscode.Uri) => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(pattern)
  watcher.onDidCreate(upsert)
  watcher.onDidChange(upsert)
  watcher.onDidDelete(remove)
  return watcher
}

/** The exclude globs as one pattern of `base` (findFiles takes one), or null when there are none. */
export function excludePattern(base: vscode.WorkspaceFolder | vscode.Uri, exclude: string[]): vscode.RelativePattern | null {
  const glob = exclude.length === 1 ? exclude[0] : exclude.length ? `{${exclude.join(',')}}` : null
  return glob ? new vscode.RelativePattern(base, glob) : null
}
