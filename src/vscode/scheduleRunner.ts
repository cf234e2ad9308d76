// Schedules in the extension alone: the core Scheduler over the workspace's
// storage (`schedules/`), its claims judged by History's window leases, so
// one window runs a given schedule and missed runs are caught up once at start
// (the Scheduler does both). Declared schedules come from the workspace's
// action entries as the index changes. A scheduled run starts in the
// background (no tab, nobody at it); it says so when it fails or needs the person.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import type { HistoryStore } from '../core/history/store'
import type { TxStatus, User } from '../core/protocol'
import type { QueueStore } from '../core/queue/types'
import { Scheduler, scheduledRunId, type SchedulerEvent } from '../core/schedules/scheduler'
import { declaredSchedules, whyScheduled, type Schedule } from '../core/schedules/spec'
import type { ActionEntry, ActionIndex } from './actionIndex'
import type { Transactions } from './transactions'
import { ownerQueueRequest } from '../core/queue/requests'

export interface LastRun {
  scheduledFor: string
  runId: string
  status?: TxStatus
}

export type LocalSchedule = Schedule & { nextRun?: Date; actionName: string }

export class LocalSchedules implements vscode.Disposable {
  private scheduler?: Scheduler
  private readonly changed = new vscode.EventEmitter<void>()
  /** A schedule was added, removed or fired, or its run changed status. */
  readonly onDidChange = this.changed.event
  private readonly disposables: vscode.Disposable[] = []
  /** Each slug's declared schedules as last read: kept while its file reloads (state 'loading'). */
  private declared = new Map<string, Schedule[]>()
  private pending?: NodeJS.Timeout

  constructor(
    private readonly deps: {
      /** The workspace's schedules folder; none without a workspace (no actions to schedule). */
      dir: string | undefined
      history: HistoryStore
      index: ActionIndex
      transactions: Transactions
      queue: QueueStore
      user: () => User
      log: vscode.LogOutputChannel
      indexed: Promise<void>
    },
  ) {
    this.disposables.push(
      deps.index.onDidChange(() => this.declaredChanged()),
      // A scheduled run's status shows in the view (last run).
      deps.transactions.onDidChange((tx) => tx.id.startsWith('sched-') && this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('miniInterval.schedules.enabled') && this.update()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()),
    )
    // Declared schedules are complete once the actions are indexed.
    void deps.indexed.then(() => this.update())
  }

  /** Whether this window runs schedules: a trusted workspace (no workspace code runs in Restricted Mode) and the setting on. */
  get enabled(): boolean {
    return !!this.deps.dir && vscode.workspace.isTrusted && vscode.workspace.getConfiguration('miniInterval.schedules').get<boolean>('enabled', true)
  }

  get running(): boolean {
    return !!this.scheduler
  }

  private update(): void {
    if (this.enabled && !this.scheduler) {
      const { history, dir, log } = this.deps
      if (!history.hostId || !dir) return void log.warn('Schedules are not run: this window holds no History lease')
      this.scheduler = new Scheduler({ dir, leases: history.leases, owner: history.hostId, fire: (s, at, runId) => this.fire(s, at, runId), onEvent: (e) => this.onEvent(e) })
      this.scheduler.start(this.readDeclared())
      log.info(`Schedules: running ${this.scheduler.list().length} schedule(s) from ${dir}`)
      this.changed.fire()
    } else if (!this.enabled && this.scheduler) {
      const s = this.scheduler
      this.scheduler = undefined
      void s.stop()
      this.deps.log.info('Schedules: stopped (miniInterval.schedules.enabled is off)')
      this.changed.fire()
    }
  }

  /** The index changed: coalesced, since every file's load fires it. */
  private declaredChanged(): void {
    if (this.pending) return
    this.pending = setTimeout(() => {
      this.pending = undefined
      this.scheduler?.setDeclared(this.readDeclared())
      this.changed.fire()
    }, 200)
  }

  private readDeclared(): Schedule[] {
    const next = new Map<string, Schedule[]>()
    for (const e of this.deps.index.all()) {
      if (e.route?.kind === 'page') continue
      const list = e.state === 'loading' ? this.declared.get(e.slug) : e.state === 'ready' && e.schedules?.length ? declaredSchedules(e.slug, e.schedules) : undefined
      if (list?.length) next.set(e.slug, list.map((s) => ({ ...s, owner: this.deps.user().email })))
    }
    this.declared = next
    return [...next.values()].flat()
  }

  private onEvent(e: SchedulerEvent): void {
    const { log } = this.deps
    if (e.type === 'fired') log.info(`Schedule ${e.schedule.id} (${e.schedule.slug}, "${e.schedule.cron}") fired for ${e.scheduledFor.toISOString()}: transaction ${e.runId}${e.resumed ? ' (finishing a time begun before)' : ''}`)
    else if (e.type === 'failed') {
      log.error(`Schedule ${e.schedule.id} (${e.schedule.slug}) could not start its run for ${e.scheduledFor.toISOString()}: ${e.error}`)
      void this.tell(`Mini Interval: ${this.nameOf(e.schedule.slug)} could not run on its schedule: ${e.error}`, 'error')
    } else if (e.type === 'skipped') log.info(`Schedule ${e.schedule.id} (${e.schedule.slug}): missed times between ${e.after.toISOString()} and ${e.before.toISOString()} skipped; only the latest runs`)
    else if (e.type === 'error') log.warn(`Schedules: ${e.schedule ? `${e.schedule.id} (${e.schedule.slug}): ` : ''}${e.error}`)
    if (e.type !== 'held') this.changed.fire()
  }

  /** Starts a scheduled run, once: a run with this id (fired before a crash) is left as it is. */
  private async fire(s: Schedule, at: Date, runId: string): Promise<void> {
    const { history, index, transactions, log } = this.deps
    if (history.summary(runId) || existsSync(join(history.dir, `${runId}.jsonl`))) return
    const entry = index.find(s.slug)
    if (!entry || entry.route?.kind === 'page') throw new Error(`no action "${s.slug}" in this workspace`)
    if (entry.state !== 'ready') throw new Error(entry.state === 'broken' ? `${entry.name ?? entry.slug} cannot be loaded: ${entry.error?.split('\n', 1)[0]}` : `${entry.slug} is still loading`)
    const mode = entry.scheduleMode ?? 'fail'
    const tx = await transactions.start(entry, s.params, runId, undefined, {
      background: true,
      trigger: { kind: 'schedule', schedule: s.id, scheduledFor: at.toISOString() },
      unattended: { mode, why: whyScheduled(s) },
      ...(mode === 'queue' ? { onNeedsPerson: ({ label }: { seq: number; label: string }) => void this.needsPerson(s, entry, runId, label) } : {}),
    })
    if (tx.id !== runId) return void log.info(`Schedule ${s.id}: ${entry.slug} runs one at a time and ${tx.id} still runs; this time starts nothing`)
    void tx.finished.then((r) => {
      if (r.status !== 'failed') return
      void this.tell(`Mini Interval: ${tx.action.name} ran on its schedule and failed: ${r.error?.message ?? 'no message'}`, 'error', 'Show', runId)
    })
  }

  /** scheduleMode 'queue': the run waits for its owner in this window's Inbox. */
  private async needsPerson(s: Schedule, entry: ActionEntry, runId: string, label: string): Promise<void> {
    const name = entry.name ?? entry.slug
    // No assignee: in VS Code alone everything in the Inbox is the one person's.
    const item = ownerQueueRequest({ id: runId, slug: entry.slug, params: s.params }, s.id, name, label)
    try {
      await this.deps.queue.add(item, this.deps.user().email)
    } catch (e) {
      this.deps.log.error(`Schedule ${s.id}: could not queue ${runId} in the Inbox: ${(e as Error).message}`)
    }
    // Opening it from here is opening the Inbox item: it leaves the Inbox as the run goes on.
    void this.tell(`Mini Interval: ${name} ran on its schedule and needs you ("${label}").`, 'info', 'Open', () => vscode.commands.executeCommand('miniInterval.openQueued', item.id))
  }

  private async tell(text: string, level: 'info' | 'error', button?: 'Show' | 'Open', then?: (() => Thenable<unknown>) | string): Promise<void> {
    const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage
    const choice = await (button ? show(text, button) : show(text))
    if (!choice || !then) return
    // A run id: still going, it opens in its tab; ended, in History.
    await (typeof then === 'string' ? vscode.commands.executeCommand('miniInterval.openHistoryEntry', then) : then())
  }

  private nameOf(slug: string): string {
    const e = this.deps.index.find(slug)
    return e?.name ?? slug
  }

  /** Every schedule this window knows, declared and added, with when each fires next. Empty while not running. */
  list(): LocalSchedule[] {
    return (this.scheduler?.list() ?? []).map((s) => ({ ...s, actionName: this.nameOf(s.slug) })).sort((a, b) => a.actionName.localeCompare(b.actionName) || a.cron.localeCompare(b.cron))
  }

  /** When the schedule that started run `runId` (`sched-<id>-<minute>`) fires next. */
  nextFor(runId: string): Date | undefined {
    const id = /^sched-([a-z0-9]+)-\d{12}$/.exec(runId)?.[1]
    return id ? this.scheduler?.nextRun(id) : undefined
  }

  /** The schedule's latest scheduled time that started (or is starting) a run, and how that run is. */
  last(id: string): LastRun | undefined {
    const st = this.scheduler?.state(id)
    const at = [st?.firing, st?.lastFiredFor].filter((x): x is string => !!x).sort().at(-1)
    if (!at) return undefined
    const runId = scheduledRunId(id, new Date(at))
    const status = this.deps.transactions.liveStatus(runId) ?? this.deps.history.summary(runId)?.status
    return { scheduledFor: at, runId, ...(status ? { status } : {}) }
  }

  add(input: { slug: string; cron: string; timezone?: string; params?: Record<string, unknown> }): Schedule {
    if (!this.scheduler) throw new Error(this.whyOff())
    const s = this.scheduler.add({ ...input, owner: this.deps.user().email })
    this.deps.log.info(`Schedule ${s.id} added: ${s.slug} "${s.cron}" (${s.timezone})`)
    this.changed.fire()
    return s
  }

  /** 'declared' for a schedule its action file declares (edit the file to remove it). */
  remove(id: string): 'removed' | 'declared' | 'unknown' {
    if (!this.scheduler) throw new Error(this.whyOff())
    const s = this.scheduler.list().find((x) => x.id === id)
    if (s?.origin === 'action') return 'declared'
    const removed = this.scheduler.remove(id)
    if (removed) this.deps.log.info(`Schedule ${id} removed`)
    this.changed.fire()
    return removed ? 'removed' : 'unknown'
  }

  /** Why schedules do not run in this window, for a command that needs them. */
  whyOff(): string {
    if (!this.deps.dir) return 'Schedules belong to a workspace: open a folder with actions.'
    if (!vscode.workspace.isTrusted) return 'Schedules run only in a trusted workspace: no workspace code runs in Restricted Mode.'
    if (!vscode.workspace.getConfiguration('miniInterval.schedules').get<boolean>('enabled', true)) return 'Schedules are off (the setting miniInterval.schedules.enabled).'
    return 'Schedules are not running yet in this window: the actions are still being indexed.'
  }

  /** Tests: resolves when no fire is under way. */
  settled(): Promise<void> {
    return this.scheduler?.settled() ?? Promise.resolve()
  }

  dispose(): void {
    clearTimeout(this.pending)
    this.disposables.forEach((d) => d.dispose())
    void this.scheduler?.stop()
    this.scheduler = undefined
    this.changed.dispose()
  }
}
