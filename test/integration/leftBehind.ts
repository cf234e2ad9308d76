// What the main phase leaves for the phases after a reload or a crash: ids in
// files beside History (global storage survives both), and the action whose
// second label changes in between.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import { ui, type Target } from './ui'

export const leftFile = (historyDir: string, name: string): string => join(historyDir, '..', `${name}.txt`)

export const DIVERGE = (second: string): string =>
  `export default { name: 'Diverge check', handler: async (io: any) => [await io.input.text('Alpha'), await io.input.text('${second}'), await io.input.text('Gamma')] }\n`

/** The refund example (examples/resumable) started with an outbox file, its order and amount answered in its tab. */
export async function refundTwoAnswersIn(historyDir: string, outboxName: string, order: string, amount: string, slowMs: number): Promise<string> {
  const outbox = join(historyDir, '..', outboxName)
  writeFileSync(outbox, '')
  const id = await vscode.commands.executeCommand<string>('miniInterval.runAction', 'resumable/refund-order', { outbox, slowMs })
  const panel = { title: 'Refund order' }
  await ui.fill('Order number', order, panel)
  await ui.press('Enter', { ...panel, label: 'Order number' })
  await ui.fill('Amount to refund', amount, panel)
  await ui.press('Enter', { ...panel, label: 'Amount to refund' })
  await ui.waitFor({ ...panel, label: 'Note to the customer' })
  return id
}

/**
 * Brings a resumed run's tab forward until `target` shows in it. Runs resuming at the
 * same time open or revive their own tabs, which can cover it again: show it again then.
 */
export async function showResumed(a: { transactions: { show(id: string): boolean } }, id: string, target: Target, timeoutMs = 40_000): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    if (!a.transactions.show(id)) throw new Error(`transaction ${id} has no tab and is not running`)
    try {
      await ui.waitFor(target, { timeoutMs: 4000 })
      return
    } catch (e) {
      if (Date.now() > end) throw e
    }
  }
}
