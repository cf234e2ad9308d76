// Starts transactions and gives each its own panel. Closing a running
// transaction's panel cancels it, as closing Interval's page did.
import * as vscode from 'vscode'
import type { CompileCache } from '../core/loader/cache'
import type { HistoryStore } from '../core/history/store'
import { newTxId } from '../core/history/store'
import { localUser } from '../core/runtime/localUser'
import { IdentityGate } from '../core/runtime/identity'
import { Transaction } from '../core/runtime/transaction'
import { isFinished, type User } from '../core/protocol'
import type { ActionEntry } from './actionIndex'
import { HiddenProgress } from './progress'
import { createMiniPanel, type MiniPanel } from './webviewPanel'

interface Slot {
  tx: Transaction
  ui?: MiniPanel
  /** ctx.loading shown by VS Code while the panel is hidden. */
  progress: HiddenProgress
}

export class Transactions implements vscode.Disposable {
  private readonly active = new Map<string, Slot>()
  private readonly changed = new vscode.EventEmitter<Transaction>()
  /** Fires when a transaction starts or changes status. */
  readonly onDidChange = this.changed.event
  private user?: User
  private shuttingDown = false
  /** io.confirmIdentity: a modal dialog, skipped within the call's grace period. */
  private readonly identity = new IdentityGate(
    async (label) => {
      const user = (this.user ??= localUser())
      const choice = await vscode.window.showWarningMessage(label, { modal: true, detail: `Confirm that you are ${user.email} to continue.` }, 'Confirm')
      return choice === 'Confirm'
    },
    Date.now,
    (e) => this.log.warn(`The identity dialog could not be shown, so identity is not confirmed: ${(e as Error).message}`),
  )

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly compiler: CompileCache,
    private readonly history: HistoryStore,
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get(id: string): Transaction | undefined {
    return this.active.get(id)?.tx
  }

  running(): Transaction[] {
    return [...this.active.values()].map((a) => a.tx)
  }

  /** Compiles (or reuses) the action and starts a transaction in a new panel. */
  async start(entry: ActionEntry, params: Record<string, unknown> = {}): Promise<Transaction> {
    if (!vscode.workspace.isTrusted) throw new Error('Mini Interval runs no workspace code in Restricted Mode. Trust this folder to run actions.')
    const compiled = await this.compiler.get(entry.file.file)
    const name = entry.name ?? entry.slug
    const tx = new Transaction({
      id: newTxId(),
      workerPath: this.workerPath,
      history: this.history,
      action: { slug: entry.slug, name, description: entry.description, file: entry.file.file },
      compiled,
      params,
      user: (this.user ??= localUser()),
      onNotify: (n) => void vscode.window.showInformationMessage(n.title ? `${n.title}: ${n.message}` : n.message),
      trace: (m) => this.log.warn(m),
    })
    this.log.info(`Transaction ${tx.id} started: ${entry.slug} (${entry.file.relPath})`)
    const slot: Slot = { tx, progress: new HiddenProgress(name, () => tx.cancel()) }
    this.active.set(tx.id, slot)
    let lastStatus = tx.status
    let identitySeq = -1
    tx.onChange((view) => {
      slot.ui?.post({ type: 'state', state: view })
      slot.progress.update(view.loading, !!slot.ui?.panel.visible)
      if (view.status !== lastStatus) (lastStatus = view.status), this.changed.fire(tx)
      const identity = view.prompt?.components.find((c) => c.method === 'CONFIRM_IDENTITY')
      if (identity && view.prompt!.seq !== identitySeq) {
        identitySeq = view.prompt!.seq
        void this.confirmIdentity(tx, identitySeq, identity.label, Number(identity.props.gracePeriodMs ?? 0))
      }
    })
    tx.onPanelMessage((m) => slot.ui?.post(m))
    void tx.finished.then((r) => {
      this.log.info(`Transaction ${tx.id} ${r.status}${r.error ? `: ${r.error.name}: ${r.error.message}` : ''}`)
      this.active.delete(tx.id)
      slot.progress.dispose()
      if (slot.ui) slot.ui.panel.title = `${name} (${r.status})`
    })
    this.show(tx.id)
    this.changed.fire(tx)
    return tx
  }

  /** Opens (or reveals) the panel of a transaction that is still running. */
  show(id: string): boolean {
    const slot = this.active.get(id)
    if (!slot) return false
    if (slot.ui) {
      slot.ui.panel.reveal()
      return true
    }
    const { tx } = slot
    const ui = createMiniPanel(this.extensionUri, 'miniInterval.transaction', tx.action.name, this.log, (m) => {
      if (m.type === 'ready') {
        for (const rows of tx.tableData()) ui.post(rows)
        ui.post({ type: 'state', state: tx.view })
      }
      else if (m.type === 'submit') tx.submit(m.seq, m.values, m.choice)
      else if (m.type === 'search') tx.search(m.seq, m.index, m.requestId, m.query)
      else if (m.type === 'tableQuery') tx.tableQuery(m.dataId, m.requestId, m.query)
      else if (m.type === 'copy') void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage('Copied the row', 2000))
      else if (m.type === 'cancel') tx.cancel()
      else if (m.type === 'open') void this.open(m)
    })
    slot.ui = ui
    ui.panel.onDidChangeViewState(() => slot.progress.update(tx.view.loading, ui.panel.visible))
    ui.panel.onDidDispose(() => {
      slot.ui = undefined
      if (!isFinished(tx.status) && !this.shuttingDown) {
        this.log.info(`Transaction ${tx.id}: panel closed, canceling`)
        tx.cancel()
      }
    })
    return true
  }

  /** io.confirmIdentity: the host answers, never the webview. */
  private async confirmIdentity(tx: Transaction, seq: number, label: string, gracePeriodMs: number): Promise<void> {
    const confirmed = await this.identity.confirm(label, gracePeriodMs)
    this.log.info(`Transaction ${tx.id}: identity ${confirmed ? 'confirmed' : 'not confirmed'}`)
    tx.confirmIdentity(seq, confirmed)
  }

  /** A link or menu item from a panel: a web URL opens outside, a route runs that action with its params. */
  async open(target: { url?: string; route?: string; params?: Record<string, unknown> }): Promise<void> {
    if (target.route) {
      await vscode.commands.executeCommand('miniInterval.runAction', target.route, target.params ?? {})
      return
    }
    const url = target.url && /^(https?|mailto):/i.test(target.url) ? vscode.Uri.parse(target.url) : undefined
    if (!url) return this.log.warn(`Ignored a link to ${JSON.stringify(target.url)}: only http, https and mailto links open`)
    await vscode.env.openExternal(url)
  }

  dispose(): void {
    // Shutting down is not the person canceling: leave the log open so the
    // next activation records these transactions as interrupted.
    this.shuttingDown = true
    for (const { tx } of this.active.values()) tx.abandon()
    this.changed.dispose()
  }
}
