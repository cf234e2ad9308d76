// Creates a webview panel with our strict-CSP page, and routes its messages
// through the shared protocol: anything that does not parse is dropped and logged.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import { webviewHtml } from '../core/webviewHtml'
import { parseMessage, webviewToHostSchema, type HostToWebview, type WebviewToHost } from '../core/protocol'

export interface MiniPanel {
  panel: vscode.WebviewPanel
  post(message: HostToWebview): void
}

let imports: string[] | undefined
/** The chunks webview.js imports at once (dist/webview.imports.json, written by the build), read once. */
function staticImports(dist: string): string[] {
  if (!imports) {
    try {
      imports = (JSON.parse(readFileSync(join(dist, 'webview.imports.json'), 'utf8')) as unknown[]).filter((f): f is string => typeof f === 'string')
    } catch {
      imports = [] // the page still works: the chunks load after the bundle
    }
  }
  return imports
}

export function createMiniPanel(
  extensionUri: vscode.Uri,
  viewType: string,
  title: string,
  log: vscode.LogOutputChannel,
  onMessage: (m: WebviewToHost) => void,
): MiniPanel {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist')
  const panel = vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [dist],
  })
  return adoptMiniPanel(panel, extensionUri, title, log, onMessage)
}

/** Gives a panel our page and message routing: a new one, or one VS Code revived after a reload (its saved state comes back with it). */
export function adoptMiniPanel(
  panel: vscode.WebviewPanel,
  extensionUri: vscode.Uri,
  title: string,
  log: vscode.LogOutputChannel,
  onMessage: (m: WebviewToHost) => void,
): MiniPanel {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist')
  panel.webview.options = { enableScripts: true, localResourceRoots: [dist] }
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity-icon.svg')
  const webview = panel.webview
  webview.html = webviewHtml({
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
    preload: staticImports(dist.fsPath).map((f) => webview.asWebviewUri(vscode.Uri.joinPath(dist, f)).toString()),
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    title,
  })
  webview.onDidReceiveMessage((raw: unknown) => {
    const parsed = parseMessage(webviewToHostSchema, raw)
    if (parsed.ok) onMessage(parsed.message)
    else log.warn(`Dropped a malformed message from the "${title}" panel: ${parsed.reason}`)
  })
  return {
    panel,
    post: (message) => void webview.postMessage(message).then(undefined, (e: Error) => log.warn(`Could not post to "${title}": ${e.message}`)),
  }
}
