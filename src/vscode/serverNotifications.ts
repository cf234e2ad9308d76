// Notifications the connected server sends this person on its list stream
// (ctx.notify, a schedule's "notify on failure / on every run"): a VS Code
// notification, whose "Show" opens the run in a server tab when one is named.
import * as vscode from 'vscode'
import type { ServerConnection } from './serverConnection'

export function showServerNotifications(server: ServerConnection, log: vscode.LogOutputChannel): vscode.Disposable {
  return server.onNotify(async (n) => {
    log.info(`Notification from ${server.label}${n.tx ? ` (transaction ${n.tx})` : ''}: ${n.title ? `${n.title}: ` : ''}${n.message}`)
    const text = `${n.title ? `${n.title}: ` : ''}${n.message}`
    const choice = await (n.tx ? vscode.window.showInformationMessage(text, 'Show') : vscode.window.showInformationMessage(text))
    if (choice === 'Show' && n.tx) await vscode.commands.executeCommand('miniInterval.openServerRun', n.tx)
  })
}
