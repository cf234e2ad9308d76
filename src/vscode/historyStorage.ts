// Opens History in the extension's global storage: takes this window's lease,
// settles what windows that are gone left running (now, and every lease TTL
// for a window that crashed), prunes old runs, and scans for strays in the
// background. Problems are reported in the log; none stops activation.
import * as vscode from 'vscode'
import { Leases, TTL_MS } from '../core/history/lease'
import { HistoryStore } from '../core/history/store'

/**
 * `onScanned`: runs the scan found and indexed (logs of an older version, or after the index was lost) are now listed.
 * `onOrphans`: unfinished runs whose window is gone, to resume (now, and whenever recovery finds more).
 * `inbox`: the local queue, whose ended items go with History's retention.
 */
export function openHistory(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, onScanned: () => void, onOrphans: (ids: string[]) => void, inbox?: { prune(days: number): number }): HistoryStore {
  const dir = vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath
  const leases = new Leases(`${dir}/leases`)
  const lease = leases.acquire()
  const store = new HistoryStore(dir, { lease, leases })

  const recover = (): void => {
    try {
      const { interrupted, orphans, problems } = store.recover()
      if (interrupted.length) log.info(`Marked ${interrupted.length} transaction(s) interrupted: their window was closed, reloaded or crashed`)
      for (const p of problems) log.warn(`History: ${p}`)
      if (orphans.length) onOrphans(orphans)
    } catch (e) {
      log.error(`History recovery failed: ${(e as Error).message}`)
    }
  }
  // Just after activation, not in it: the first recovery reads the whole index, which grows with
  // History (100,000 runs: seconds). Orphans it finds wait for the actions to be indexed anyway.
  setTimeout(recover, 0).unref()
  const timer = setInterval(recover, TTL_MS)
  timer.unref()

  const days = vscode.workspace.getConfiguration('miniInterval.history').get<number>('retentionDays', 90)
  if (days > 0) {
    // Pruning may delete thousands of files: later still, off the first Run's way.
    setTimeout(() => {
      try {
        const pruned = store.prune(days)
        if (pruned) log.info(`Deleted ${pruned} run(s) older than ${days} days from History (miniInterval.history.retentionDays)`)
        const items = inbox?.prune(days)
        if (items) log.info(`Deleted ${items} Inbox item(s) that ended over ${days} days ago`)
      } catch (e) {
        log.error(`History pruning failed: ${(e as Error).message}`)
      }
    }, 5000).unref()
  }
  // Off the activation path: a big or damaged folder never delays the first run.
  setTimeout(() => {
    store.scan().then(
      ({ problems }) => {
        problems.forEach((p) => log.warn(`History: ${p}`))
        if (problems.length) void tellProblems(problems.length)
        onScanned()
      },
      (e: Error) => log.error(`History scan failed: ${e.message}`),
    )
  }, 2000).unref()

  context.subscriptions.push({
    dispose: () => {
      clearInterval(timer)
      lease.release()
    },
  })
  return store
}

/** Where the person looks: a notification that leads to the log's details. */
async function tellProblems(count: number): Promise<void> {
  const show = 'Show Log'
  const choice = await vscode.window.showWarningMessage(
    `Mini Interval: ${count} file${count === 1 ? '' : 's'} in History could not be read and ${count === 1 ? 'was' : 'were'} skipped. The rest of History is unaffected.`,
    show,
  )
  if (choice === show) await vscode.commands.executeCommand('miniInterval.showLog')
}
