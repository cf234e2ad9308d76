// Starts transactions and gives each its own panel (one tab per transaction,
// kept after it ends). Closing a running transaction's panel cancels it, as
// closing Interval's page did, unless the action is backgroundable (it keeps
// running) or warns on close (the person is asked first).
import * as vscode from 'vscode'
import type { CompileCache } from '../core/loader/cache'
import type { HistoryStore } from '../core/history/store'
import { displayName, newTxId } from '../core/history/store'
import { localUser } from '../core/runtime/localUser'
import { IdentityGate } from '../core/runtime/identity'
import { Transaction, type TransactionOptions } from '../core/runtime/transaction'
import type { CompiledAction } from '../core/loader/compile'
import { prepareRunnable, type Prepared } from '../core/runs/prepare'
import { singletonLock } from '../core/runs/singleton'
import { followChild, type ChildOutcome } from '../core/runs/children'
import { deliver } from '../core/runs/deliver'
import { workflowEntry, type RunnableEntry } from './workflowEntry'
import { onPanelClose } from '../core/runtime/closePolicy'
import { toTxView } from '../core/history/record'
import type { Lock } from '../core/durable/engine'
import { Drafts } from '../core/history/drafts'
import { isFinished, txTitle, type RedirectTarget, type TxStatus, type TxView, type User, type WebviewToHost } from '../core/protocol'
import type { ActionEntry } from './actionIndex'
import { HiddenProgress } from './progress'
import { openSource } from './openSource'
import { adoptMiniPanel, createMiniPanel, type MiniPanel } from './webviewPanel'
import { Tracer } from '../core/trace/tracer'
import type { QueueRequest, QueueStore } from '../core/queue/types'

/** The webview type of a transaction's tab (its serializer is registered under it). */
export const TX_VIEW = 'miniInterval.transaction'
/** How long an answered prompt's transaction runs before its tab says "running" (most answers bring the next prompt sooner). */
const RUNNING_TITLE_AFTER_MS = 150

type ChildRequest = Parameters<NonNullable<TransactionOptions['runChild']>>[0]

/** How a run nobody clicked starts: a schedule's (no tab, nobody at it) or an Inbox item's. */
export interface StartHow {
  trigger?: TransactionOptions['trigger']
  unattended?: TransactionOptions['unattended']
  /** A scheduled run in scheduleMode 'queue' reached a prompt: the host queues it for its owner. */
  onNeedsPerson?: TransactionOptions['onNeedsPerson']
  /** No tab: the run goes on in the background (a schedule's); show() opens one later. */
  background?: boolean
}

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
  ) {
    this.drafts = new Drafts(`${history.dir}/drafts`)
  }

  /** Unsent typing of each waiting screen, kept so a reload or crash loses none of it. */
  private readonly drafts: Drafts

  /** What a tab shows of a transaction: its state, with the typing kept for its waiting screen. */
  private stateOf(tx: Transaction): TxView {
    const view = tx.view
    const draft = view.prompt ? this.drafts.get(tx.id) : undefined
    return draft?.seq === view.prompt?.seq ? { ...view, draft } : view
  }

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

  /** Who this window's person is, as History names them. */
  get userName(): string {
    return displayName(this.currentUser())
  }

  /** This window's person (ctx.user of what runs here, the owner of its schedules and local Inbox). */
  get person(): User {
    return this.currentUser()
  }

  private currentUser(): User {
    return (this.user ??= localUser(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath))
  }

  /** Times each hop from Run or an answer to the next prompt painted (miniInterval.trace): set by the composition root. */
  tracer = new Tracer(() => false)

  /** Compiles (or reuses) the action and starts a transaction in a new panel; a singleton that runs already is revealed instead. */
  async start(entry: RunnableEntry, params: Record<string, unknown> = {}, id = newTxId(), clickedAt?: number, how: StartHow = {}): Promise<Transaction> {
    this.tracer.start(id, 'run', clickedAt)
    // The tab opens at once: its page loads while the action compiles and its worker starts.
    const early = this.panels.has(id) || how.background ? undefined : this.newPanel(id, txTitle(entry.name ?? entry.slug, 'running', entry.route?.kind === 'page'))
    let tx: Transaction
    try {
      const prepared = await this.prepare(entry, id)
      this.tracer.hop(id, 'compiled')
      const lock = await this.lock(entry, prepared.compiled, params, id)
      if (lock instanceof Transaction) {
        early?.panel.dispose()
        this.log.info(`${entry.slug} runs one at a time: ${how.background ? 'not starting another beside' : 'revealing'} transaction ${lock.id}`)
        if (!how.background) this.show(lock.id)
        return lock
      }
      const { trigger, unattended, onNeedsPerson } = how
      tx = new Transaction({
        ...this.options(id, entry, prepared), id, params, user: this.currentUser(),
        ...(trigger ? { trigger } : {}), ...(unattended ? { unattended } : {}), ...(onNeedsPerson ? { onNeedsPerson } : {}),
      })
      this.log.info(`Transaction ${tx.id} started: ${entry.slug} (${entry.file.relPath})`)
      this.attach(tx, entry, lock)
    } catch (e) {
      early?.panel.dispose()
      throw e
    }
    const ui = this.panels.get(id)
    // Its page may have asked before the transaction existed.
    if (ui) this.postCurrent(id, ui)
    else if (!how.background) this.openPanel(tx)
    return tx
  }

  /** Resumed transactions whose tab VS Code restored and has not revived yet (show() brings it forward). */
  private readonly unrevived = new Set<string>()

  /** Transactions being taken over right now (compiling): a second call for one waits for nothing. */
  private readonly resuming = new Set<string>()

  /**
   * Takes over a transaction whose window went away and replays it in a new
   * worker, in the tab VS Code revived for it or a new one. If its code changed
   * since it started, it waits for the person (resume with the new code, restart, cancel).
   */
  async resume(entry: RunnableEntry, id: string): Promise<Transaction | undefined> {
    const running = this.active.get(id)?.tx
    if (running || this.resuming.has(id)) return running
    this.resuming.add(id)
    try {
      const prepared = await this.prepare(entry, id)
      const { compiled } = prepared
      const reopened = this.history.reopen(id)
      if (!('log' in reopened)) {
        const why = 'heldBy' in reopened ? `another window (${reopened.heldBy.owner}) runs it` : 'ended' in reopened ? `it has ended (${reopened.ended})` : reopened.error
        this.log.info(`Transaction ${id} not resumed: ${why}`)
        return undefined
      }
      const { record } = reopened
      const lock = await this.lock(entry, compiled, record.params, id).catch((e: Error) => void this.log.warn(`Transaction ${id}: ${e.message}`))
      const codeChanged = record.codeHash !== compiled.hash
      const tx = new Transaction({ ...this.options(id, entry, prepared), id, user: record.user, resumed: { ...reopened, hold: codeChanged }, hostId: this.history.hostId })
      this.log.info(`Transaction ${id} resumed (${entry.slug}, ${record.status})${codeChanged ? ': its code changed, so it waits for the person to resume or restart' : ''}`)
      this.attach(tx, entry, lock instanceof Transaction ? undefined : lock)
      // Its tab, restored by VS Code, is revived (with what it saved) once it is shown: revive() then
      // connects it. Without one, a new tab opens, starting from the typing the host kept.
      const ui = this.panels.get(id)
      if (ui) this.postCurrent(id, ui)
      else if (this.restoredTab(tx)) this.unrevived.add(id)
      else this.openPanel(tx)
      return tx
    } finally {
      this.resuming.delete(id)
    }
  }

  private async prepare(entry: RunnableEntry, id: string): Promise<Prepared> {
    if (!vscode.workspace.isTrusted) throw new Error('Mini Interval runs no workspace code in Restricted Mode. Trust this folder to run actions.')
    const concurrency = vscode.workspace.getConfiguration('miniInterval.workflows').get<number>('concurrency') || 4
    return prepareRunnable(entry, id, { compiler: this.compiler, isAction: (slug) => !!this.findAction(slug), concurrency })
  }

  /** A singleton action's lock, or the transaction of this window that holds it; held by another window: an Error that says whose it is. */
  private async lock(entry: ActionEntry, compiled: CompiledAction, params: Record<string, unknown>, id: string): Promise<Lock | Transaction | undefined> {
    const got = await singletonLock(entry, compiled, params, id, {
      engine: this.history, workerPath: this.workerPath, owner: this.history.hostId, user: displayName(this.currentUser()),
      running: (tx) => this.active.get(tx)?.tx, elsewhere: 'another VS Code window',
    })
    return got && 'running' in got ? got.running : got
  }

  private options(id: string, entry: RunnableEntry, { compiled, interval, workflow }: Prepared) {
    const name = entry.name ?? entry.slug
    const config = vscode.workspace.getConfiguration('miniInterval')
    return {
      workerPath: this.workerPath,
      history: this.history,
      action: { slug: entry.slug, name, description: entry.description, file: entry.file.file, ...(entry.route?.kind === 'page' ? { page: true } : {}) },
      compiled,
      interval,
      environment: config.get<string>('environment') || 'development',
      maxMemoryMb: config.get<number>('actions.maxMemoryMb') || 1024,
      // Alone in VS Code there is one person to tell, whoever `to` names.
      onNotify: (n: { message: string; title?: string }) => void this.notify(id, n),
      // ctx.enqueue: into this window's Inbox (the local queue); the id is the run's own, so a replay adds nothing twice.
      onEnqueue: (req: QueueRequest & { id: string }) => this.enqueue(req),
      trace: (m: string) => this.log.warn(m),
      onLog: (line: string) => this.log.info(`[${name} ${id}] ${line}`),
      onRedirect: (target: RedirectTarget) => void this.redirect(id, target),
      onHop: (hop: 'worker' | 'io') => this.tracer.hop(id, hop),
      ...(workflow ? { workflow, runChild: (req: ChildRequest) => this.runChild(req) } : {}),
    }
  }

  /** The local Inbox's store (`<globalStorage>/queue`): set by the composition root. */
  queue?: QueueStore

  private async enqueue(req: QueueRequest & { id: string }): Promise<void> {
    if (!this.queue) throw new Error('ctx.enqueue: the Inbox is not available in this window')
    await this.queue.add(req, this.currentUser().email)
  }

  /** ctx.notify: a notification whose "Show" opens the run. */
  private async notify(id: string, n: { message: string; title?: string }): Promise<void> {
    const choice = await vscode.window.showInformationMessage(n.title ? `${n.title}: ${n.message}` : n.message, 'Show')
    if (choice === 'Show' && !this.show(id)) await vscode.commands.executeCommand('miniInterval.openHistoryEntry', id)
  }

  /** Finds an action by slug: set by the composition root (the Actions index); workflows' human steps use it. */
  findAction: (slug: string) => ActionEntry | undefined = () => undefined

  /** Runs a workflow file (its input is asked for first, if it declares one). */
  async startWorkflow(file: string): Promise<Transaction> {
    return this.start(workflowEntry(file))
  }

  /** A workflow's human step (core/runs/children.ts). */
  private runChild(req: ChildRequest): Promise<ChildOutcome> {
    return followChild(req, {
      running: (id) => this.active.get(id)?.tx,
      read: (id) => this.history.read(id),
      start: (slug, params, id) => {
        const entry = this.findAction(slug)
        return entry && this.start(entry, params, id)
      },
    })
  }

  /** Follows a transaction: its tab's title and state, hidden progress, identity prompts, its lock, its end. */
  private attach(tx: Transaction, entry: ActionEntry, lock?: Lock): void {
    const name = tx.action.name
    const slot: Slot = { tx, entry, progress: new HiddenProgress(name, () => tx.cancel(displayName(this.currentUser()))) }
    this.active.set(tx.id, slot)
    let lastStatus = tx.status
    let identitySeq = -1
    let titleLater: ReturnType<typeof setTimeout> | undefined
    tx.onChange((view) => {
      const ui = this.panels.get(tx.id)
      this.postState(ui, tx)
      slot.progress.update(view.loading, !!ui?.panel.visible)
      // Released as soon as it ends, so Restart can take it at once.
      if (isFinished(view.status)) lock?.release()
      if (view.status !== lastStatus) {
        const answered = lastStatus === 'awaiting' && view.status === 'running'
        lastStatus = view.status
        clearTimeout(titleLater)
        // An answer usually brings the next prompt within a frame or two: the tab says "running" only
        // if it lasts, so the workbench does not redraw the tab twice while the next prompt is on its way.
        if (answered) titleLater = setTimeout(() => this.retitle(tx), RUNNING_TITLE_AFTER_MS)
        else this.retitle(tx)
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
      this.tracer.drop(tx.id)
      lock?.release()
      this.drafts.drop(tx.id)
      // A canceled workflow's human steps stop with it.
      if (r.workflow && r.status === 'canceled') for (const [id, child] of this.active) if (id.startsWith(`${tx.id}-s`)) child.tx.cancel(displayName(this.currentUser()))
      this.log.info(`Transaction ${tx.id} ${r.status}${r.error ? `: ${r.error.name}: ${r.error.message}` : ''}`)
      this.active.delete(tx.id)
      slot.progress.dispose()
      this.changed.fire(tx)
    })
    this.changed.fire(tx)
  }

  /** Its tab's title says its status now. */
  private retitle(tx: Transaction, ui = this.panels.get(tx.id)): void {
    if (ui) ui.panel.title = txTitle(tx.action.name, tx.status, tx.action.page)
  }

  /** Reveals a transaction's open tab, or opens one for a transaction still running; false if neither. */
  show(id: string): boolean {
    const open = this.panels.get(id)
    if (open) {
      open.panel.reveal()
      return true
    }
    const tx = this.active.get(id)?.tx
    if (!tx) return false
    const tab = this.unrevived.has(id) ? this.restoredTab(tx) : undefined
    if (tab) {
      void this.openTab(tab).then(() => setTimeout(() => this.panels.has(id) || this.openPanel(tx), 1500))
      return true
    }
    this.openPanel(tx)
    return true
  }

  private openPanel(tx: Transaction): void {
    this.newPanel(tx.id, txTitle(tx.action.name, tx.status, tx.action.page))
  }

  /** A new tab for transaction `id`, its messages routed to it. */
  private newPanel(id: string, title: string): MiniPanel {
    return this.wire(id, createMiniPanel(this.extensionUri, TX_VIEW, title, this.log, (m) => this.onPanelMessage(id, m)))
  }

  /**
   * A tab VS Code restored after a reload for a run still going, not revived yet (VS Code
   * revives a background tab's page only when the tab is shown). Known by its title:
   * the action's name and a running or waiting status, which only an unfinished run's tab has.
   */
  private restoredTab(tx: Transaction): vscode.Tab | undefined {
    const titles = new Set(['running', 'awaiting'].map((s) => txTitle(tx.action.name, s as TxStatus)))
    const ours = [...this.panels.values()].filter((p) => titles.has(p.panel.title)).length
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(
      (t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes(TX_VIEW) && titles.has(t.label),
    )
    // Tabs of panels this window already has are among them; any more are restored ones.
    return tabs.length > ours ? (tabs.find((t) => !t.isActive) ?? tabs[0]) : undefined
  }

  /** Shows a tab (which revives it). */
  private async openTab(tab: vscode.Tab): Promise<void> {
    const group = tab.group
    if (!group.isActive) await vscode.commands.executeCommand(`workbench.action.focus${['First', 'Second', 'Third', 'Fourth'][group.viewColumn - 1] ?? 'First'}EditorGroup`)
    // Its index now, not before the await: tabs other runs opened meanwhile shift it.
    const index = group.tabs.indexOf(tab)
    if (index >= 0) await vscode.commands.executeCommand('workbench.action.openEditorAtIndex', index)
  }

  /**
   * A transaction tab VS Code brought back after a reload (registerWebviewPanelSerializer):
   * it shows what it saved (the draft included) until its transaction resumes here, or
   * how the run ended.
   */
  revive(panel: vscode.WebviewPanel, saved: unknown): void {
    const state = (saved as { message?: { type?: string; state?: { id?: unknown; action?: { name?: unknown } } } } | undefined)?.message
    const id = state?.type === 'state' && typeof state.state?.id === 'string' ? state.state.id : undefined
    if (!id) return panel.dispose()
    const opened = this.panels.get(id)
    const ui = this.wire(id, adoptMiniPanel(panel, this.extensionUri, panel.title, this.log, (m) => this.onPanelMessage(id, m)))
    // The tab opened when the run resumed gives way to the restored one the person just brought forward.
    opened?.panel.dispose()
    this.postCurrent(id, ui)
  }

  private wire(id: string, ui: MiniPanel): MiniPanel {
    this.panels.set(id, ui)
    this.unrevived.delete(id)
    ui.panel.onDidChangeViewState(() => {
      const slot = this.active.get(id)
      slot?.progress.update(slot.tx.view.loading, ui.panel.visible)
    })
    ui.panel.onDidDispose(() => {
      if (this.panels.get(id) !== ui) return // replaced by its restored tab
      this.panels.delete(id)
      const slot = this.active.get(id)
      if (slot && !this.shuttingDown) void this.closed(slot)
    })
    return ui
  }

  /** What a tab shows: its running transaction (with its tables' rows), else the run as History has it; a run another window holds keeps what the tab saved. */
  private postCurrent(id: string, ui: MiniPanel): void {
    const tx = this.active.get(id)?.tx
    if (tx) {
      for (const rows of tx.tableData()) ui.post(rows)
      this.postState(ui, tx)
      this.retitle(tx, ui)
      return
    }
    try {
      const r = this.history.read(id)
      if (!isFinished(r.status)) return
      ui.post({ type: 'state', state: toTxView(r) })
      ui.panel.title = txTitle(r.action.name, r.status, r.action.page)
    } catch {
      // not in History (deleted): the tab keeps what it saved
    }
  }

  /**
   * Posts a transaction's state to its tab. A traced path ends at the next prompt: that screen is
   * marked for the webview to time its render and paint (a new tab's page asks for it once loaded).
   */
  private postState(ui: MiniPanel | undefined, tx: Transaction): void {
    const traced = this.tracer.tracing(tx.id) && tx.status === 'awaiting' && !!tx.view.prompt
    if (traced) this.tracer.hop(tx.id, 'journaled')
    ui?.post({ type: 'state', state: this.stateOf(tx), ...(traced ? { trace: true as const } : {}) })
    if (traced) this.tracer.hop(tx.id, 'posted')
  }

  private onPanelMessage(id: string, m: WebviewToHost): void {
    const tx = this.active.get(id)?.tx
    const ui = this.panels.get(id)
    if (m.type === 'ready') return ui && this.postCurrent(id, ui)
    if (m.type === 'copy') return void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage('Copied the row', 2000))
    if (m.type === 'open') return void this.open(m)
    if (m.type === 'rerun') return void this.restart(id)
    if (m.type === 'openSource') return void openSource(m, this.log)
    if (m.type === 'showTransaction') return void vscode.commands.executeCommand('miniInterval.openHistoryEntry', m.id)
    // A run that stopped (diverged, say): Cancel closes its tab.
    if (m.type === 'cancel') return tx && !isFinished(tx.status) ? tx.cancel(displayName(this.currentUser())) : ui?.panel.dispose()
    if (m.type === 'trace') return this.tracer.webviewHops(id, m.seq, m.hops, m.page)
    if (m.type === 'submit' && tx) {
      this.tracer.start(id, 'answer', m.at)
      if (m.sentAt !== undefined) this.tracer.hop(id, 'sent', m.sentAt)
      this.tracer.hop(id, 'hostReceived')
    }
    if (tx) deliver(tx, m, this.drafts)
    if (m.type === 'submit') this.tracer.hop(id, 'checked')
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

  /**
   * A page's Refresh, or Restart of a diverged run or one whose code changed: a new
   * transaction with the same params takes this tab's place. One still held is canceled first.
   */
  private async restart(id: string): Promise<void> {
    const tx = this.active.get(id)?.tx
    if (tx && !isFinished(tx.status)) tx.cancel(displayName(this.currentUser()))
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
    this.drafts.flush()
    for (const { tx } of this.active.values()) tx.abandon()
    this.changed.dispose()
  }
}
