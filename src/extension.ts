// Composition root: wires the pure core to the VS Code shell, nothing else.
// First: its evaluation marks the start of module load (activationMs includes it).
import { loadStarted } from './vscode/loadClock'
import * as vscode from 'vscode'
import type { HistoryStore } from './core/history/store'
import { CompileCache } from './core/loader/cache'
import { ActionIndex } from './vscode/actionIndex'
import { ActionsTree } from './vscode/actionsTree'
import { actionFileLenses, registerRunLenses } from './vscode/codeLens'
import { routeLenses } from './vscode/routeLenses'
import { registerCommands } from './vscode/commands'
import { registerHistoryCommands } from './vscode/historyCommands'
import { openHistory } from './vscode/historyStorage'
import { HistoryPanels } from './vscode/historyPanel'
import { HistoryTree } from './vscode/historyTree'
import { Transactions, TX_VIEW } from './vscode/transactions'
import { orphanResumer } from './vscode/resume'
import { WorkflowIndex } from './vscode/workflowIndex'
import { registerWorkflowCommands } from './vscode/workflowCommands'
import { ServerConnection } from './vscode/serverConnection'
import { RemotePanels, SERVER_TX_VIEW } from './vscode/remotePanels'
import { registerServerCommands } from './vscode/serverCommands'
import { registerTraceCommands, settingTracer } from './vscode/traceCommands'
import { WorkerPool } from './core/runtime/workerPool'
import { FileQueueStore } from './core/queue/fileStore'
import { LocalSchedules } from './vscode/scheduleRunner'
import { SchedulesTree } from './vscode/schedulesTree'
import { registerScheduleCommands } from './vscode/scheduleCommands'
import { InboxTree } from './vscode/inboxTree'
import { registerInboxCommands } from './vscode/inboxCommands'
import { showServerNotifications } from './vscode/serverNotifications'
import { endsSettled } from './core/history/endSync'

/** What `activate` returns: used by the integration tests to observe the extension. */
export interface MiniIntervalApi {
  index: ActionIndex
  workflows: WorkflowIndex
  transactions: Transactions
  history: HistoryStore
  /** Settles when the first search for actions has finished. */
  indexed: Promise<void>
  /** The `mini-interval serve` this window is connected to, if any, and its transactions' panels. */
  server: ServerConnection
  remotePanels: RemotePanels
  /** Schedules this window runs (the workspace's declared ones and those added here), and the Inbox's views. */
  schedules: LocalSchedules
  schedulesTree: SchedulesTree
  inbox: InboxTree
  /** The file behind the "Mini Interval" output channel. */
  logFile: string
  /** Milliseconds of this extension's own work to activate: its modules' evaluation plus activate(). */
  activationMs: number
  /** Milliseconds VS Code took between evaluating this module and calling activate() (its context, storage). */
  beforeActivateMs: number
}

export function activate(context: vscode.ExtensionContext): MiniIntervalApi {
  const activateStarted = performance.now()
  const log = vscode.window.createOutputChannel('Mini Interval', { log: true })
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath
  const workerPath = `${dist}/worker.js`
  // One worker waits loaded, so Run does not wait for a spawn (a changed memory setting spawns its own).
  // Spawned just after activation, not in it: its thread loads the runtime while VS Code finishes starting
  // (a Run before then spawns its own, as on a pool miss).
  let workerPool: WorkerPool | undefined
  const poolTimer = setTimeout(() => {
    workerPool = new WorkerPool({ workerPath, size: 1, maxMemoryMb: vscode.workspace.getConfiguration('miniInterval').get<number>('actions.maxMemoryMb') || 1024 })
  }, 0)
  // Runs left unfinished by a window that is gone are found as History opens; they resume once the actions are indexed.
  let resume: ((ids: string[]) => void) | undefined
  const orphans: string[] = []
  const queue = new FileQueueStore(vscode.Uri.joinPath(context.globalStorageUri, 'queue').fsPath, { onProblem: (m) => log.warn(`Inbox: ${m}`) })
  const history = openHistory(context, log, () => historyTree.refresh(), (ids) => (resume ? resume(ids) : orphans.push(...ids)), queue)

  const compiler = new CompileCache(`${dist}/esbuild.wasm`, undefined, (line) => log.info(line))
  const diagnostics = vscode.languages.createDiagnosticCollection('mini-interval')
  const index = new ActionIndex(compiler, workerPath, log, diagnostics)
  const transactions = new Transactions(context.extensionUri, compiler, history, workerPath, log)
  transactions.tracer = settingTracer()
  // A `mini-interval serve` this window connects to: its actions and runs under their own roots.
  const server = new ServerConnection(context, log)
  const remotePanels = new RemotePanels(context.extensionUri, server, log)
  // Reconnects to the server of the last session; restored server tabs wait for it.
  const serverRestored = server.restore()
  const historyTree = new HistoryTree(history, (id) => transactions.liveStatus(id), log, server)
  const historyPanels = new HistoryPanels(context.extensionUri, history, log, (target) => void transactions.open(target))
  const historyView = vscode.window.createTreeView('miniInterval.history', { treeDataProvider: historyTree })
  historyTree.attach(historyView)
  transactions.onDidChange(() => historyTree.refresh())

  const workflows = new WorkflowIndex(index, log)
  const actionsView = vscode.window.createTreeView('miniInterval.actions', { treeDataProvider: new ActionsTree(index, workflows, server), showCollapseAll: true })
  if (!vscode.workspace.isTrusted) log.info('Restricted Mode: no action files are compiled or run until the workspace is trusted')
  // Started before the commands are registered: they wait for it (a quick pick right after startup lists every action).
  const indexed = index.refresh().then(
    () => void vscode.commands.executeCommand('setContext', 'miniInterval.indexed', true),
    (e: Error) => log.error(`Searching for actions failed: ${e.message}`),
  )

  // A workflow's human steps are actions, found by slug.
  transactions.findAction = (slug) => index.find(slug)
  // Workflow files are found now; their step actions are checked once the actions are indexed.
  void workflows.start(indexed)

  resume = orphanResumer({ index, transactions, history, log, indexed })
  if (orphans.length) resume(orphans)

  // The local Inbox (ctx.enqueue, Queue Action…, scheduled runs waiting for their owner) and the schedules this window runs.
  transactions.queue = queue
  const user = () => transactions.person
  // Per workspace, not global: schedule ids hash the slug, so two workspaces' "reports" would share one
  // state and one claim, and a window without the action would spend the other's time. Windows of the
  // same workspace share this folder, so one of them runs each schedule.
  const schedulesDir = context.storageUri && vscode.Uri.joinPath(context.storageUri, 'schedules').fsPath
  const schedules = new LocalSchedules({ dir: schedulesDir, history, index, transactions, queue, user, log, indexed })
  historyTree.nextScheduled = (runId) => schedules.nextFor(runId)
  const schedulesTree = new SchedulesTree(schedules, server)
  const schedulesView = vscode.window.createTreeView('miniInterval.schedules', { treeDataProvider: schedulesTree })
  schedulesTree.attach(schedulesView)
  const inbox = new InboxTree(queue, server, () => ({ local: user().email, server: server.email }), log)
  inbox.localName = (slug) => index.find(slug)?.name
  const inboxView = vscode.window.createTreeView('miniInterval.inbox', { treeDataProvider: inbox })
  inbox.attach(inboxView)

  context.subscriptions.push(
    // Transaction tabs come back after a reload, draft and all; their transactions resume into them.
    vscode.window.registerWebviewPanelSerializer(TX_VIEW, {
      deserializeWebviewPanel: async (panel, state) => transactions.revive(panel, state),
    }),
    vscode.window.registerWebviewPanelSerializer(SERVER_TX_VIEW, {
      deserializeWebviewPanel: (panel, state) => remotePanels.revive(panel, state, serverRestored),
    }),
    log,
    { dispose: () => (clearTimeout(poolTimer), workerPool?.dispose()) },
    diagnostics,
    index,
    transactions,
    actionsView,
    historyView,
    ...registerCommands({ index, workflows, transactions, historyPanels, log, indexed }),
    workflows,
    ...registerWorkflowCommands({ workflows, transactions, log }),
    ...registerRunLenses([actionFileLenses(index), routeLenses(index)], index.onDidChange),
    ...registerHistoryCommands({ store: history, tree: historyTree, panels: historyPanels, transactions, log }),
    server,
    remotePanels,
    ...registerServerCommands({ server, panels: remotePanels, log }),
    ...registerTraceCommands(transactions.tracer, log),
    schedules,
    schedulesTree,
    schedulesView,
    inbox,
    inboxView,
    { dispose: () => queue.close() },
    ...registerScheduleCommands({ schedules, tree: schedulesTree, index, server, log }),
    ...registerInboxCommands({ queue, tree: inbox, index, transactions, history, server, panels: remotePanels, user, log }),
    showServerNotifications(server, log),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: loading actions')
      void index.refresh()
    }),
  )

  const activationMs = loadEnded - loadStarted + (performance.now() - activateStarted)
  const beforeActivateMs = activateStarted - loadEnded
  log.info(`Activated in ${activationMs.toFixed(1)} ms (VS Code took ${beforeActivateMs.toFixed(1)} ms more between loading and activating it); history in ${history.dir}`)
  return { index, workflows, transactions, history, indexed, server, remotePanels, schedules, schedulesTree, inbox, logFile: vscode.Uri.joinPath(context.logUri, 'Mini Interval.log').fsPath, activationMs, beforeActivateMs }
}

/** Runs that ended just before the window closes: VS Code waits for their index lines and claims (group commit). */
export function deactivate(): Promise<void> {
  return endsSettled()
}

// Last statement of the module: its evaluation (every import's) ends here.
const loadEnded = performance.now()
