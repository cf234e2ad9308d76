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

/** Every action loaded (none still compiling). */
export async function indexSettled(a: MiniIntervalApi): Promise<void> {
  await until('actions to load', () => a.index.all().length > 0 && a.index.all().every((e) => e.state !== 'loading'), 60_000)
}

/** Runs an action by slug through the palette command, returns its transaction id. */
export async function run(slug: string): Promise<string> {
  const id = await vscode.commands.executeCommand<string | undefined>('miniInterval.runAction', slug)
  if (!id) throw new Error(`miniInterval.runAction did not start ${slug}`)
  return id
}

/** The stored record of a transaction once it reaches one of `statuses`. */
export function finished(a: MiniIntervalApi, id: string, statuses = ['completed', 'failed', 'canceled'], timeoutMs = 20_000): Promise<TxRecord> {
  return until(`transaction ${id} to end`, () => {
    const r = a.history.read(id)
    return statuses.includes(r.status) ? r : undefined
  }, timeoutMs)
}

/** Answers the refund example after its email screen: the reason, the receipt checkbox as it is, and Yes. */
export async function finishRefund(reason: string): Promise<void> {
  const panel = { title: 'Refund customer' }
  await ui.fill('Reason for the refund', reason, panel)
  await ui.click({ ...panel, role: 'button', name: 'Submit' })
  await ui.waitFor({ ...panel, label: 'Email the customer a receipt' })
  await ui.click({ ...panel, role: 'button', name: 'Submit' })
  await ui.click({ ...panel, role: 'button', name: 'Yes' })
}
