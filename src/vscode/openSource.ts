// A stack frame clicked in a panel: open that file at that line. Only the
// user's own files open (inside a workspace folder), never arbitrary paths.
import * as vscode from 'vscode'

export async function openSource(frame: { file: string; line: number; column?: number }, log: vscode.LogOutputChannel): Promise<void> {
  const uri = frame.file.startsWith('file://') ? vscode.Uri.parse(frame.file) : vscode.Uri.file(frame.file)
  if (!vscode.workspace.getWorkspaceFolder(uri)) return log.warn(`Did not open ${frame.file}: it is not in a workspace folder`)
  const position = new vscode.Position(frame.line - 1, Math.max(0, (frame.column ?? 1) - 1))
  try {
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true })
  } catch (e) {
    void vscode.window.showErrorMessage(`Mini Interval: cannot open ${frame.file}: ${(e as Error).message}`)
  }
}
