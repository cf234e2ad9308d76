// A view's message row under a root (nothing there, or the server's list could
// not be read): an error's row tells why in its tooltip, and a click retries
// the server now. The Inbox and Schedules views share it.
import * as vscode from 'vscode'

export interface MessageNode {
  kind: 'message'
  text: string
  error?: string
  which: 'local' | 'server'
}

/** The row of `node`; its id is `<view>-message:<which>`. */
export function messageItem(view: string, node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text)
  item.id = `${view}-message:${node.which}`
  item.iconPath = new vscode.ThemeIcon(node.error ? 'warning' : 'info', node.error ? new vscode.ThemeColor('list.warningForeground') : undefined)
  if (node.error) {
    item.tooltip = `${node.error}\n\nClick to try again now.`
    item.command = { command: 'miniInterval.retryServer', title: 'Try Again' }
  }
  return item
}
