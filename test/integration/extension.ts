// Shared helpers for the integration tests: the extension's API and waiting.
import * as vscode from 'vscode'
import type { MiniIntervalApi } from '../../src/extension'
import type { TxRecord } from '../../src/core/history/record'
import { ui } from './ui'

export const EXTENSION_ID = 'mini-interval.mini-interval'

export async function api(): Promise<MiniIntervalApi> {
  const ext = vscode.extensions.getExtension<MiniIntervalApi>(EXTENSION_ID)
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`)
  const a = await ext.activate()
  await a.indexed
  return a
}

/** Polls `check` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v) return v
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * Closes every editor and panel. Running transactions are canceled first: their
 * actions warn on close, and VS Code refuses the warning's dialog in tests, which
 * would keep them running and reopen their tabs.
 */
export async function closeEditors(a: MiniIntervalApi): Promise<void> {
  const running = a.transactions.running()
  for (const tx of running) tx.cancel()
  await Promise.all(running.map((tx) => tx.finished))
  await vscode.commands.executeCommand('workbench.action.closeAllEditors')
}

/** Every action loaded (none still compiling). */
export async function indexSettled(a: MiniIntervalApi): Promise<void> {
  await until('actions to load', () => a.index.all().length > 0 && a.index.all().every((e) => e.state !== 'loading'), 60_000)
}

/**
 * The setup every UI suite shares: the UI bridge, the extension with its actions
 * loaded (handed to `set`), and before each test no editor or running
 * transaction left from the one before. Before, not after: the last test of the
 * main phase leaves its transaction open for the reload phase.
 */
export function setUpUiSuite(set: (a: MiniIntervalApi) => void): void {
  let a: MiniIntervalApi
  before(async () => {
    ui.require()
    a = await api()
    await indexSettled(a)
    set(a)
  })
  beforeEach(() => closeEditors(a))
}

/** Runs an action by slug through the palette command, returns its transaction id. */
export async function run(slug: string): Promise<string> {
  const id = await vscode.commands.executeCommand<string | undefined>('miniInterval.runAction', slug)
  if (!id) throw new Error(`miniInterval.runAction did not start ${slug}`)
  return id
}

/**
 * The stored record of a transaction once it reaches one of `statuses` and the window has let it go (its end
 * synced, its tab told, its singleton lock released): the log has the end line a moment before (group commit).
 */
export function finished(a: MiniIntervalApi, id: string, statuses = ['completed', 'failed', 'canceled'], timeoutMs = 20_000): Promise<TxRecord> {
  return until(`transaction ${id} to end`, () => {
    const r = a.history.read(id)
    return statuses.includes(r.status) && !a.transactions.get(id) ? r : undefined
  }, timeoutMs)
}

/** A table row (inside the webview's <io-table>) that shows `text`. */
export const tableRow = (text: string) => ({ css: `[data-testid="table-row"]:has-text("${text}")` })

/**
 * Answers the refund example after its email screen: searches the charges
 * table, picks the charges with these ids (a click on a row toggles it), and
 * submits; the refunds then run with progress.
 */
export async function refundCharges(search: string, ids: string[]): Promise<void> {
  const panel = { title: 'Refund customer' }
  await ui.waitFor({ ...panel, ...tableRow(ids[0]!) })
  if (search) await ui.fill('Search Charges to refund', search, panel)
  for (const id of ids) await ui.click({ ...panel, ...tableRow(id) })
  await until(`${ids.length} selected`, async () => (await ui.text({ ...panel, testid: 'selected-count' })).startsWith(`${ids.length} selected`))
  await ui.click({ ...panel, role: 'button', name: 'Submit' })
}
