// The one `mini-interval serve` this window is connected to: its token in
// SecretStorage (never settings), its address in globalState so the next
// activation reconnects, its actions as pushed by /api/events, and whether it
// can be reached (retried with backoff when it cannot).
import * as vscode from 'vscode'
import type { ServerAddress } from '../core/remote/address'
import { ServerClient, ServerError } from '../core/remote/client'
import { follow, type Following } from '../core/remote/follow'
import { listEventSchema, type ListEvent, type RemoteListing } from '../core/remote/schemas'
import type { TxStatus } from '../core/protocol'

const ADDRESS_KEY = 'miniInterval.server'
const TOKEN_KEY = 'miniInterval.server.token'

export type ServerStatus =
  | { kind: 'connecting' }
  | { kind: 'online' }
  | { kind: 'unreachable'; error: string; retryInMs: number }
  /** The server refused the session (it expired, the person was removed): nothing is retried until Connect again. */
  | { kind: 'signedOut'; error: string }

export class ServerConnection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>()
  /** The connection, its status or its actions changed. */
  readonly onDidChange = this.changed.event
  private readonly txChanged = new vscode.EventEmitter<{ id: string; status: TxStatus }>()
  /** A server transaction started, changed status or ended. */
  readonly onDidChangeTx = this.txChanged.event
  private readonly inboxChanged = new vscode.EventEmitter<void>()
  /** Someone's inbox may have changed (or the stream reopened): the Inbox refetches. */
  readonly onDidChangeInbox = this.inboxChanged.event
  private readonly schedulesChanged = new vscode.EventEmitter<void>()
  /** The server's schedules may have changed (or the stream reopened). */
  readonly onDidChangeSchedules = this.schedulesChanged.event
  private readonly notified = new vscode.EventEmitter<Extract<ListEvent, { type: 'notify' }>>()
  /** A notification the server sent to this person (ctx.notify, a schedule's notify). */
  readonly onNotify = this.notified.event

  client?: ServerClient
  label?: string
  /** Who signed in with a personal link (absent for serve's token): the Inbox's Withdraw is offered on their items. */
  email?: string
  status: ServerStatus = { kind: 'connecting' }
  listing?: RemoteListing
  private events?: Following
  /** Bumped on every connect and disconnect: answers for an older connection are dropped. */
  private generation = 0

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get connected(): boolean {
    return !!this.client
  }

  /** At activation: the server connected before, if its token is still kept. */
  async restore(): Promise<void> {
    const kept = this.context.globalState.get<{ base: string; label: string; email?: string }>(ADDRESS_KEY)
    if (!kept) return
    const token = await this.context.secrets.get(TOKEN_KEY)
    if (!token) return void this.log.warn(`Not reconnecting to ${kept.label}: its token is no longer in VS Code's secret storage`)
    this.log.info(`Reconnecting to the Mini Interval server at ${kept.base}`)
    this.open({ base: kept.base, label: kept.label, token }, undefined, kept.email)
  }

  /** Checks the server answers with this token, then keeps it and follows it. Throws what went wrong. */
  async connect(address: ServerAddress, email?: string): Promise<RemoteListing> {
    const probe = new ServerClient(address.base, address.token)
    const listing = await probe.actions()
    await this.context.secrets.store(TOKEN_KEY, address.token)
    await this.context.globalState.update(ADDRESS_KEY, { base: address.base, label: address.label, ...(email ? { email } : {}) })
    this.open(address, listing, email)
    this.log.info(`Connected to the Mini Interval server at ${address.base} (${listing.actions.length} actions, ${listing.workflows.length} workflows)`)
    return listing
  }

  async disconnect(): Promise<boolean> {
    const was = this.label
    this.close()
    void vscode.commands.executeCommand('setContext', 'miniInterval.serverConnected', false)
    await this.context.globalState.update(ADDRESS_KEY, undefined)
    await this.context.secrets.delete(TOKEN_KEY)
    this.changed.fire()
    if (was) this.log.info(`Disconnected from the Mini Interval server at ${was}`)
    return !!was
  }

  /** Tries to reach a down server now instead of at the next retry. */
  retryNow(): void {
    this.events?.retryNow()
  }

  private open(address: Omit<ServerAddress, 'token'> & { token: string }, listing?: RemoteListing, email?: string): void {
    this.close()
    const generation = ++this.generation
    const client = new ServerClient(address.base, address.token)
    this.client = client
    this.label = address.label
    this.email = email
    this.listing = listing
    this.status = { kind: 'connecting' }
    void vscode.commands.executeCommand('setContext', 'miniInterval.serverConnected', true)
    this.changed.fire()
    this.events = follow(client, '/api/events', {
      // Opened (again): what changed while the stream was down is read afresh.
      onOpen: () => void this.reload(generation),
      onData: (data) => {
        const e = listEventSchema.safeParse(data)
        if (!e.success) return this.log.warn(`Dropped an event of the server ${address.label}: ${e.error.issues[0]?.message}`)
        const ev = e.data
        if (ev.type === 'actions') void this.reload(generation)
        else if (ev.type === 'tx') this.txChanged.fire({ id: ev.id, status: ev.status })
        else if (ev.type === 'inbox') this.inboxChanged.fire()
        else if (ev.type === 'schedules') this.schedulesChanged.fire()
        else this.notified.fire(ev)
      },
      shouldRetry: (error) => {
        if (!(error instanceof ServerError && error.status === 401)) return true
        if (generation === this.generation) this.signedOut(address.label, error.message)
        return false
      },
      onDown: (error, retryInMs) => {
        if (generation !== this.generation) return
        if (this.status.kind !== 'unreachable') this.log.warn(`The Mini Interval server at ${address.label} is unreachable (${error.message}); retrying`)
        this.status = { kind: 'unreachable', error: error.message, retryInMs }
        this.changed.fire()
      },
    })
  }

  private signedOut(label: string, error: string): void {
    this.status = { kind: 'signedOut', error }
    this.log.warn(`The Mini Interval server at ${label} ended this session: ${error}`)
    this.changed.fire()
    void vscode.window.showWarningMessage(`Mini Interval: the server at ${label} signed you out (${error}). Connect again with a new sign-in link.`, 'Connect to Server…').then((c) => c && vscode.commands.executeCommand('miniInterval.connectServer'))
  }

  private async reload(generation: number): Promise<void> {
    const client = this.client
    if (!client) return
    try {
      const listing = await client.actions()
      if (generation !== this.generation) return
      this.listing = listing
      this.status = { kind: 'online' }
    } catch (e) {
      if (generation !== this.generation) return
      this.status = { kind: 'unreachable', error: (e as Error).message, retryInMs: 0 }
      this.log.warn(`The actions of the server ${this.label} could not be read: ${(e as Error).message}`)
    }
    // History, the Inbox and Schedules listen too: anything may have changed while the stream was down.
    this.changed.fire()
  }

  private close(): void {
    this.generation++
    this.events?.close()
    this.events = undefined
    this.client = undefined
    this.label = undefined
    this.email = undefined
    this.listing = undefined
  }

  dispose(): void {
    this.close()
    this.changed.dispose()
    this.txChanged.dispose()
    this.inboxChanged.dispose()
    this.schedulesChanged.dispose()
    this.notified.dispose()
  }
}
