// What a panel or page sends to its running transaction, handed over the same
// way by both shells: answers, searches, table pages, resume, typing kept.
import type { Drafts } from '../history/drafts'
import type { WebviewToHost } from '../protocol'
import type { Transaction } from '../runtime/transaction'

/** Handles the messages that go to the transaction itself; false for any other (the shell's own). `by`: who answers, for History. */
export function deliver(tx: Transaction, m: WebviewToHost, drafts: Drafts, by?: string): boolean {
  if (m.type === 'submit') tx.submit(m.seq, m.values, m.choice, by)
  else if (m.type === 'search') tx.search(m.seq, m.index, m.requestId, m.query)
  else if (m.type === 'tableQuery') tx.tableQuery(m.dataId, m.requestId, m.query)
  else if (m.type === 'resume') tx.resume()
  else if (m.type === 'draft') {
    const prompt = tx.view.prompt
    if (prompt?.seq === m.seq) drafts.put(tx.id, m, prompt.components)
  } else return false
  return true
}
