// What the action and workflow indexes share to follow their files: a watcher
// per glob, and the exclude globs as one pattern for findFiles.
import * as vscode from 'vscode'

/** Calls `upsert` when a file matching `pattern` is created or changed, `remove` when it is deleted. */
export function watchFiles(pattern: vscode.GlobPattern, upsert: (uri: vscode.Uri) => void, remove: (uri: vscode.Uri) => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(pattern)
  watcher.onDidCreate(upsert)
  watcher.onDidChange(upsert)
  watcher.onDidDelete(remove)
  return watcher
}

/** The exclude globs as one pattern of `folder` (findFiles takes one), or null when there are none. */
export function excludePattern(folder: vscode.WorkspaceFolder, exclude: string[]): vscode.RelativePattern | null {
  const glob = exclude.length === 1 ? exclude[0] : exclude.length ? `{${exclude.join(',')}}` : null
  return glob ? new vscode.RelativePattern(folder, glob) : null
}
