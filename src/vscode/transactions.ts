// Starts transactions and gives each its own panel (one tab per transaction,
// kept after it ends). Closing a running transaction's panel cancels it, as
// closing Interval's page did, unless the action is backgroundable (it keeps
// running) or warns on close (the person is asked first).
import * as vscode from 'vscode'
import type { CompileCache } from '../core/loader/cache'
import { prepareRoute } from '../core/routes/load'
import type { HistoryStore } from '../core/history/store'
import { displayName, newTxId } from '../core/history/store'
import { localUser } from '../core/runtime/localUser'
import { IdentityGate } from '../core/runtime/identity'
import { Transaction } from '../core/runtime/transaction'
import { onPanelClose } from '../core/runtime/closePolicy'
import { isFinished, txTitle, type RedirectTarget, type TxStatus, type User } from '../core/protocol'
import type { ActionEntry } from './actionIndex'
import { HiddenProgress } from './progress'
import { openSource } from './openSource'
import { createMiniPanel, type MiniPanel } from './webviewPanel'

interface Slot {
  tx: Transaction
  entry: ActionEntry
  /** ctx.loading shown by VS Code while the panel is hidden. */
  progress: HiddenProgress
}

export class Transactions implements vscode.Disposable {
  private readonly active = new Map<string, Slot>()
  /** Every open transaction tab, running or ended: a History click reveals it instead of opening a second. */
  private readonly panels = new Map<string, MiniPanel>()
  private readonly changed = new vscode.EventEmitter<Transaction>()
  /** Fires when a transaction starts or changes status. */
  readonly onDidChange = this.changed.event
  private user?: User
  private shuttingDown = false
  /** io.confirmIdentity: a modal dialog, skipped within the call's grace period. */
  private readonly identity = new IdentityGate(
    async (label) => {
      const user = this.currentUser()
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

  /** The status of a transaction this window runs, which the History index does not track (awaiting vs running). */
  liveStatus(id: string): TxStatus | undefined {
    return this.active.get(id)?.tx.status
  }

  private currentUser(): User {
    return (this.user ??= localUser(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath))
  }

  /** Compiles (or reuses) the action and starts a transaction in a new panel. */
  async start(entry: ActionEntry, params: Record<string, unknown> = {}): Promise<Transaction> {
    if (!vscode.workspace.isTrusted) throw new Error('Mini Interval runs no workspace code in Restricted Mode. Trust this folder to run actions.')
    if (entry.route?.kind === 'page' && !entry.route.hasHandler) throw new Error(`"${entry.slug}" is a page without a handler: it has no screen of its own.`)
    // A route runs from its Interval entry file, with the routesDirectory's files compiled beside it.
    const { compiled, interval } = entry.route
      ? await prepareRoute(this.compiler, entry.file.file, entry.slug, entry.route.routesDirectory)
      : { compiled: await this.compiler.get(entry.file.file), interval: undefined }
    const name = entry.name ?? entry.slug
    const config = vscode.workspace.getConfiguration('miniInterval')
    const tx = new Transaction({
      id: newTxId(),
      workerPath: this.workerPath,
      history: this.history,
      action: { slug: entry.slug, name, description: entry.description, file: entry.file.file, ...(entry.route?.kind === 'page' ? { page: true } : {}) },
      compiled,
      interval,
      params,
      user: this.currentUser(),
      environment: config.get<string>('environment') || 'development',
      maxMemoryMb: config.get<number>('actions.maxMemoryMb') || 1024,
      onNotify: (n) => void vscode.window.showInformationMessage(n.title ? `${n.title}: ${n.message}` : n.message),
      onLog: (line) => this.log.info(`[${name} ${tx.id}] ${line}`),
      onRedirect: (target) => void this.redirect(tx.id, target),
      trace: (m) => this.log.warn(m),
    })
    this.log.info(`Transaction ${tx.id} started: ${entry.slug} (${entry.file.relPath})`)
    const slot: Slot = { tx, entry, progress: new HiddenProgress(name, () => tx.cancel(displayName(this.currentUser()))) }
    this.active.set(tx.id, slot)
    let lastStatus = tx.status
    let identitySeq = -1
    tx.onChange((view) => {
      const ui = this.panels.get(tx.id)
      ui?.post({ type: 'state', state: view })
      slot.progress.update(view.loading, !!ui?.panel.visible)
      if (view.status !== lastStatus) {
        lastStatus = view.status
        if (ui) ui.panel.title = txTitle(name, view.status, tx.action.page)
        this.changed.fire(tx)
      }
      const identity = view.prompt?.components.find((c) => c.method === 'CONFIRM_IDENTITY')
      if (identity && view.prompt!.seq !== identitySeq) {
        identitySeq = view.prompt!.seq
        void this.confirmIdentity(tx, identitySeq, identity.label, Number(identity.props.gracePeriodMs ?? 0))
      }
    })
    tx.onPanelMessage((m) => this.panels.get(tx.id)?.post(m))
    void tx.finished.then((r) => {
      this.log.info(`Transaction ${tx.id} ${r.status}${r.error ? `: ${r.error.name}: ${r.error.message}` : ''}`)
      this.active.delete(tx.id)
      slot.progress.dispose()
      this.changed.fire(tx)
    })
    this.show(tx.id)
    this.changed.fire(tx)
    return tx
  }

  /** Reveals a transaction's open tab, or opens one for a transaction still running; false if neither. */
  show(id: string): boolean {
    const open = this.panels.get(id)
    if (open) {
      open.panel.reveal()
      return true
    }
    const slot = this.active.get(id)
    if (!slot) return false
    const { tx } = slot
    const ui = createMiniPanel(this.extensionUri, 'miniInterval.transaction', txTitle(tx.action.name, tx.status, tx.action.page), this.log, (m) => {
      if (m.type === 'ready') {
        for (const rows of tx.tableData()) ui.post(rows)
        ui.post({ type: 'state', state: tx.view })
      }
      else if (m.type === 'submit') tx.submit(m.seq, m.values, m.choice)
      else if (m.type === 'search') tx.search(m.seq, m.index, m.requestId, m.query)
      else if (m.type === 'tableQuery') tx.tableQuery(m.dataId, m.requestId, m.query)
      else if (m.type === 'copy') void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage('Copied the row', 2000))
      else if (m.type === 'cancel') tx.cancel(displayName(this.currentUser()))
      else if (m.type === 'open') void this.open(m)
      else if (m.type === 'rerun') void this.refresh(id)
      else if (m.type === 'openSource') void openSource(m, this.log)
    })
    this.panels.set(id, ui)
    ui.panel.onDidChangeViewState(() => slot.progress.update(tx.view.loading, ui.panel.visible))
    ui.panel.onDidDispose(() => {
      this.panels.delete(id)
      if (!this.shuttingDown) void this.closed(slot)
    })
    return true
  }

  /** A running transaction's tab was closed: cancel, keep running, or ask (the action's options decide). */
  private async closed(slot: Slot): Promise<void> {
    const { tx, entry } = slot
    const decision = onPanelClose({ status: tx.status, backgroundable: !!entry.backgroundable, warnOnClose: entry.warnOnClose !== false })
    if (decision === 'nothing') return
    if (decision === 'keep-running') {
      this.log.info(`Transaction ${tx.id}: panel closed; ${tx.action.name} is backgroundable and keeps running (reopen it from History)`)
      slot.progress.update(tx.view.loading, false)
      return
    }
    if (decision === 'ask') {
      // A dialog VS Code refuses (it does while tests run) counts as "keep": nothing is lost.
      const choice = await Promise.resolve(vscode.window.showWarningMessage(
        `${tx.action.name} is still running. Cancel it?`,
        { modal: true, detail: 'Closing its tab cancels the transaction. Keep it running to reopen its tab.' },
        'Cancel Transaction', 'Keep Running',
      )).catch((e: Error) => void this.log.warn(`The close warning could not be shown (${e.message}): ${tx.action.name} keeps running`))
      if (choice !== 'Cancel Transaction') {
        if (!isFinished(tx.status)) this.show(tx.id)
        return
      }
    }
    this.log.info(`Transaction ${tx.id}: panel closed, canceling`)
    tx.cancel(displayName(this.currentUser()))
  }

  /** A page's Refresh: its handler runs again with the same params, in this tab's place. */
  private async refresh(id: string): Promise<void> {
    // The same Re-run as History's: the params come from the run's log.
    const next = await vscode.commands.executeCommand<string | undefined>('miniInterval.rerun', id)
    if (next) this.panels.get(id)?.panel.dispose()
  }

  /** ctx.redirect: a URL opens outside; a route starts that action, which takes this tab's place. */
  private async redirect(id: string, target: RedirectTarget): Promise<void> {
    this.log.info(`Transaction ${id} redirects to ${target.route ? `action ${target.route}` : target.url}`)
    await this.open(target)
    if (target.route) this.panels.get(id)?.panel.dispose()
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
