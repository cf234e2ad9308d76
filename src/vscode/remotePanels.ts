// A server transaction in a VS Code panel: the same webview as a local one,
// with the extension host relaying. What the server pushes on
// /api/tx/<id>/events is checked against the shared schema and posted to the
// panel; what the panel posts goes to /api/tx/<id>/message, in order, drafts
// coalesced. The transaction lives on the server: closing the tab leaves it
// there, to be continued from History or in a browser.
import * as vscode from 'vscode'
import { hostToWebviewSchema, isFinished, parseMessage, txTitle, type HistoryEntry, type HostToWebview, type RedirectTarget, type WebviewToHost } from '../core/protocol'
import { ServerError, type ServerClient } from '../core/remote/client'
import { follow, type Following } from '../core/remote/follow'
import { Outbox } from '../core/remote/outbox'
import type { ServerConnection } from './serverConnection'
import { adoptMiniPanel, createMiniPanel, type MiniPanel } from './webviewPanel'

/** The webview type of a server transaction's tab (its serializer is registered under it). */
export const SERVER_TX_VIEW = 'miniInterval.serverTransaction'

/** The transaction a restored tab showed: the webview keeps its last screen in its saved state. */
function savedTxId(saved: unknown): string | undefined {
  const m = (saved as { message?: { type?: string; state?: { id?: unknown }; entry?: { id?: unknown } } } | undefined)?.message
  const id = m?.type === 'state' ? m.state?.id : m?.type === 'history' ? m.entry?.id : undefined
  return typeof id === 'string' ? id : undefined
}

export class RemotePanels implements vscode.Disposable {
  private readonly panels = new Map<string, RemotePanel>()

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly connection: ServerConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // Another server (or none): its tabs cannot talk to it any more.
    connection.onDidChange(() => {
      for (const p of [...this.panels.values()]) if (p.client !== connection.client) p.detach()
    })
  }

  /** Starts a server action (or workflow) and opens its panel; returns the transaction's id. */
  async start(slug: string, params?: Record<string, unknown>): Promise<string | undefined> {
    const client = this.connection.client
    if (!client) {
      void vscode.window.showErrorMessage('Mini Interval: no server is connected. Run "Mini Interval: Connect to Server…" first.')
      return undefined
    }
    const name = this.connection.listing?.actions.find((a) => a.slug === slug)?.name ?? this.connection.listing?.workflows.find((w) => w.slug === slug)?.name ?? slug
    try {
      const id = await client.run(slug, params)
      this.log.info(`Server transaction ${id} started: ${slug} on ${this.connection.label}`)
      this.open(id, name)
      return id
    } catch (e) {
      this.log.error(`Could not start ${slug} on the server: ${(e as Error).message}`)
      void vscode.window.showErrorMessage(`Mini Interval: could not start ${name} on the server: ${(e as Error).message}`)
      return undefined
    }
  }

  /** Reveals a server transaction's tab, or opens one following it (waiting, running or ended). */
  open(id: string, name = id): void {
    const open = this.panels.get(id)
    if (open && !open.detached) return open.ui.panel.reveal()
    open?.ui.panel.dispose()
    const client = this.connection.client
    if (!client) {
      void vscode.window.showErrorMessage('Mini Interval: no server is connected.')
      return
    }
    const panel = new RemotePanel(id, name, client, this.connection.label ?? 'server', this.extensionUri, this.log, this)
    this.panels.set(id, panel)
    panel.ui.panel.onDidDispose(() => {
      if (this.panels.get(id) === panel) this.panels.delete(id)
    })
  }

  /**
   * A server transaction's tab VS Code brought back after a reload: once the
   * kept connection is restored, it follows its transaction again (the server
   * sends where it stands). Without a server there is nothing to follow: closed.
   */
  async revive(panel: vscode.WebviewPanel, saved: unknown, restored: Promise<void>): Promise<void> {
    const id = savedTxId(saved)
    await restored.catch(() => undefined)
    const client = this.connection.client
    if (!id || !client) {
      if (id) this.log.info(`Closed the restored tab of server transaction ${id}: no server is connected`)
      return panel.dispose()
    }
    this.panels.get(id)?.ui.panel.dispose()
    const remote = new RemotePanel(id, panel.title.replace(/ · server.*$/, ''), client, this.connection.label ?? 'server', this.extensionUri, this.log, this, panel)
    this.panels.set(id, remote)
    panel.onDidDispose(() => {
      if (this.panels.get(id) === remote) this.panels.delete(id)
    })
  }

  /** The panel of a server transaction, for tests and History. */
  get(id: string): RemotePanel | undefined {
    return this.panels.get(id)
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.ui.panel.dispose()
  }
}

export class RemotePanel {
  readonly ui: MiniPanel
  detached = false
  /** The newest screen (state or History entry) and each table's rows: posted again when the webview (re)loads. */
  private screen?: HostToWebview & { type: 'state' | 'history' }
  private readonly tables = new Map<string, HostToWebview>()
  private ready = false
  private readonly stream: Following
  private readonly outbox: Outbox

  constructor(
    readonly id: string,
    private name: string,
    readonly client: ServerClient,
    private readonly server: string,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly panels: RemotePanels,
    /** A tab VS Code restored after a reload, adopted instead of a new one. */
    restored?: vscode.WebviewPanel,
  ) {
    this.outbox = new Outbox((m) => this.client.message(this.id, m), {
      waiting: (m, e) => this.log.warn(`Server transaction ${id}: ${e.message}; the ${m.type} is sent when it is back`),
      refused: (m, e) => {
        this.log.warn(`Server transaction ${id} refused a ${m.type}: ${e.message}`)
        if (m.type !== 'draft') void vscode.window.showWarningMessage(`Mini Interval: the server refused this: ${e.message}`)
        // The screen as the server has it, so a refused answer does not leave the panel waiting.
        if (this.screen && this.ready) this.ui.post(this.screen)
      },
    })
    const onMessage = (m: WebviewToHost) => this.fromPanel(m)
    this.ui = restored ? adoptMiniPanel(restored, extensionUri, this.title(), log, onMessage) : createMiniPanel(extensionUri, SERVER_TX_VIEW, this.title(), log, onMessage)
    this.stream = follow(client, `/api/tx/${encodeURIComponent(id)}/events`, {
      onData: (data) => this.fromServer(data),
      onOpen: () => void this.outbox.flush(),
      onDown: (error, retryInMs) => this.log.warn(`Server transaction ${id}: ${error.message}; trying again in ${Math.round(retryInMs / 1000)} s`),
      // An unknown transaction stays unknown; an ended one has nothing more to say.
      shouldRetry: (error) => !(error instanceof ServerError && (error.status === 404 || error.status === 400)) && !this.ended(),
    })
    this.ui.panel.onDidDispose(() => {
      this.stream.close()
      const draft = this.outbox.close()
      // The last thing typed still reaches the server, so the browser (or the next tab) starts from it.
      if (draft && !this.detached) void this.client.message(this.id, draft).catch(() => undefined)
    })
  }

  /** The newest state or History entry the server sent. */
  get current(): HostToWebview | undefined {
    return this.screen
  }

  /** The server went away (disconnected): the tab keeps what it shows and sends nothing more. */
  detach(): void {
    this.detached = true
    this.stream.close()
    this.outbox.close()
    this.ui.panel.title = `${this.title()} (disconnected)`
  }

  private ended(): boolean {
    const s = this.screen
    return !!s && (s.type === 'history' || isFinished(s.state.status))
  }

  private title(): string {
    const s = this.screen
    if (s?.type === 'state') return `${txTitle(s.state.action.name, s.state.status, s.state.action.page)} · server`
    if (s?.type === 'history') return `${txTitle(s.entry.action.name, s.entry.status)} · server`
    return `${this.name} · server`
  }

  private fromServer(data: unknown): void {
    const parsed = parseMessage(hostToWebviewSchema, data)
    if (!parsed.ok) return void this.log.warn(`Dropped a malformed message of server transaction ${this.id}: ${parsed.reason}`)
    const m = parsed.message
    if (m.type === 'state' || m.type === 'history') {
      const before = this.screen
      this.screen = m
      this.ui.panel.title = this.title()
      if (m.type === 'state') this.followRedirect(before, m.state)
    } else if (m.type === 'tableData') this.tables.set(m.dataId, m)
    if (this.ready) this.ui.post(m)
  }

  /** ctx.redirect seen happen live: a route starts that action on the server in this tab's place, as in a local panel. */
  private followRedirect(before: HostToWebview | undefined, state: { status: string; end?: { redirect?: RedirectTarget } }): void {
    const target = state.end?.redirect
    if (state.status !== 'redirected' || !target || before?.type !== 'state' || before.state.status === 'redirected') return
    void this.openTarget(target).then(() => target.route && this.ui.panel.dispose())
  }

  private fromPanel(m: WebviewToHost): void {
    switch (m.type) {
      case 'ready':
        this.ready = true
        for (const rows of this.tables.values()) this.ui.post(rows)
        if (this.screen) this.ui.post(this.screen)
        return
      case 'copy':
        return void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage('Copied the row', 2000))
      case 'open':
        return void this.openTarget(m)
      case 'openSource':
        return void vscode.window.showInformationMessage(`Mini Interval: ${m.file}:${m.line} is on the server ${this.server}, not in this workspace.`)
      case 'showTransaction':
        return this.panels.open(m.id)
      case 'rerun':
        return void this.rerun()
      case 'queue':
        return void this.queue()
      case 'delete':
      case 'export':
        return void vscode.window.showInformationMessage(`Mini Interval: a server run is ${m.type === 'delete' ? 'deleted' : 'exported'} from the server's own page (open ${this.server} in a browser).`)
      case 'trace':
        return // serve's runs are not traced here
      case 'cancel':
        // An ended run's Cancel closes its tab, as a local one's does.
        if (this.ended()) return this.ui.panel.dispose()
        return this.send(m)
      default:
        // submit, search, tableQuery, resume, draft: the server's transaction takes them.
        return this.send(m)
    }
  }

  private send(m: WebviewToHost): void {
    if (this.detached) {
      if (m.type !== 'draft') void vscode.window.showWarningMessage('Mini Interval: this tab is no longer connected to its server.')
      return
    }
    this.outbox.push(m)
  }

  /** History's Queue…: this action, with this run's params, in an Inbox on the server (for whom: asked). */
  private async queue(): Promise<void> {
    try {
      const entry: HistoryEntry = this.screen?.type === 'history' ? this.screen.entry : await this.client.historyEntry(this.id)
      await vscode.commands.executeCommand('miniInterval.queueAction', { slug: entry.action.slug, params: entry.params, server: true })
    } catch (e) {
      void vscode.window.showErrorMessage(`Mini Interval: could not queue it: ${(e as Error).message}`)
    }
  }

  private async rerun(): Promise<void> {
    try {
      const entry: HistoryEntry = this.screen?.type === 'history' ? this.screen.entry : await this.client.historyEntry(this.id)
      if (!this.ended()) this.send({ type: 'cancel' })
      const id = await this.panels.start(entry.action.slug, entry.params)
      if (id) this.ui.panel.dispose()
    } catch (e) {
      void vscode.window.showErrorMessage(`Mini Interval: could not run it again: ${(e as Error).message}`)
    }
  }

  /** A link or redirect: a web URL opens outside; a route starts that server action. */
  private async openTarget(t: RedirectTarget): Promise<void> {
    if (t.route) {
      await this.panels.start(t.route, t.params)
      return
    }
    const url = t.url && /^(https?|mailto):/i.test(t.url) ? vscode.Uri.parse(t.url) : undefined
    if (!url) return void this.log.warn(`Ignored a link to ${JSON.stringify(t.url)}: only http, https and mailto links open`)
    await vscode.env.openExternal(url)
  }
}
