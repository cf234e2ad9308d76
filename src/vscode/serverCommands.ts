// Commands of the server connection: Connect (a personal sign-in link, or the
// address serve printed, typed or passed as the argument), Disconnect, run a
// server action, open a server run, and try a down server again now.
import * as vscode from 'vscode'
import { parseServerAddress, type ServerAddress } from '../core/remote/address'
import { ServerClient } from '../core/remote/client'
import type { RemotePanels } from './remotePanels'
import type { ServerConnection } from './serverConnection'
import { remoteSlug, type ServerActionsNode } from './serverTree'
import type { HistoryNode } from './historyTree'

export function registerServerCommands(deps: { server: ServerConnection; panels: RemotePanels; log: vscode.LogOutputChannel }): vscode.Disposable[] {
  const { server, panels, log } = deps

  /** Returns the server's label once connected, undefined if not (the reason was shown). */
  async function connect(given?: unknown): Promise<string | undefined> {
    const input = typeof given === 'string' ? given : await vscode.window.showInputBox({
      title: 'Connect to a Mini Interval Server',
      prompt: 'Your sign-in link (from `mini-interval users add` or the People page), or the address `mini-interval serve` printed',
      placeHolder: 'http://127.0.0.1:9080/signin?link=…',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const parsed = parseServerAddress(v)
        return v.trim() && 'error' in parsed ? parsed.error : undefined
      },
    })
    if (input === undefined) return undefined
    const parsed = parseServerAddress(input)
    if ('error' in parsed) {
      void vscode.window.showErrorMessage(`Mini Interval: ${parsed.error}`)
      return undefined
    }
    try {
      let as = ''
      const listing = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Mini Interval: connecting to ${parsed.label}…` },
        async () => {
          let address: ServerAddress
          let email: string | undefined
          if ('link' in parsed) {
            // The link works once: its session token is what VS Code keeps (in SecretStorage), never the link.
            const signed = await new ServerClient(parsed.base, '').signIn(parsed.link)
            as = ` as ${signed.user.email} (${signed.user.role})`
            log.info(`Signed in to ${parsed.base}${as}; the session lasts until ${signed.expiresAt}`)
            address = { base: parsed.base, label: parsed.label, token: signed.token }
            email = signed.user.email
          } else address = parsed
          return server.connect(address, email)
        },
      )
      void vscode.window.showInformationMessage(`Mini Interval: connected to ${parsed.label}${as} (${listing.actions.filter((a) => a.kind === 'action').length + listing.workflows.length} actions).`)
      return parsed.label
    } catch (e) {
      log.error(`Could not connect to ${parsed.base}: ${(e as Error).message}`)
      void vscode.window.showErrorMessage(`Mini Interval: could not connect: ${(e as Error).message}`)
      return undefined
    }
  }

  async function runServerAction(arg?: string | ServerActionsNode, params?: Record<string, unknown>): Promise<string | undefined> {
    const slug = typeof arg === 'string' ? arg : arg ? remoteSlug(arg, server.listing) : await pickServerAction(server)
    if (!slug) return undefined
    return panels.start(slug, params)
  }

  return [
    vscode.commands.registerCommand('miniInterval.connectServer', connect),
    vscode.commands.registerCommand('miniInterval.disconnectServer', async () => {
      const was = server.label
      if (!(await server.disconnect())) return void vscode.window.showInformationMessage('Mini Interval: no server is connected.')
      panels.dispose()
      void vscode.window.showInformationMessage(`Mini Interval: disconnected from ${was}; its token is forgotten.`)
    }),
    vscode.commands.registerCommand('miniInterval.runServerAction', runServerAction),
    vscode.commands.registerCommand('miniInterval.openServerRun', (id: string, name?: string) => panels.open(id, name)),
    vscode.commands.registerCommand('miniInterval.retryServer', () => server.retryNow()),
    vscode.commands.registerCommand('miniInterval.stopServerRun', (target?: string | HistoryNode) => stopServerRun(server, log, target)),
  ]
}

/** Cancels a server run still going (from its History row, or by id); returns whether the server took it. */
async function stopServerRun(server: ServerConnection, log: vscode.LogOutputChannel, target?: string | HistoryNode): Promise<boolean> {
  const id = typeof target === 'string' ? target : target?.kind === 'run' && target.server ? target.run.id : undefined
  if (!id || !server.client) return false
  try {
    await server.client.message(id, { type: 'cancel' })
    log.info(`Server transaction ${id}: canceled from History`)
    return true
  } catch (e) {
    void vscode.window.showErrorMessage(`Mini Interval: could not stop it on the server: ${(e as Error).message}`)
    return false
  }
}

async function pickServerAction(server: ServerConnection): Promise<string | undefined> {
  const listing = server.listing
  if (!server.connected || !listing) {
    void vscode.window.showErrorMessage('Mini Interval: no server is connected. Run "Mini Interval: Connect to Server…" first.')
    return undefined
  }
  const items = [
    ...listing.actions.filter((a) => a.kind === 'action' && a.state !== 'broken').map((a) => ({ label: a.name, description: a.description, detail: a.relPath, slug: a.slug })),
    ...listing.workflows.filter((w) => w.state === 'ready').map((w) => ({ label: `$(type-hierarchy) ${w.name}`, description: w.description, detail: w.relPath, slug: w.slug })),
  ]
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Run which action on ${server.label}?`, matchOnDescription: true, matchOnDetail: true })
  return picked?.slug
}
