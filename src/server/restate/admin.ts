// What a server asks Restate's admin API about its transactions: History
// (each transaction's `view` state, through the SQL introspection API) and
// cancellation (Restate's own: the workflow's `run` invocation is canceled,
// and workflow.ts cancels the Transaction when its awaited call rejects).
import type { TxView } from '../../core/protocol'
import { TX_WORKFLOW } from './workflow'

const ID = /^[a-z0-9-]{1,200}$/

async function query<T>(adminUrl: string, sql: string): Promise<T[]> {
  const r = await fetch(new URL('/query', adminUrl), {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: sql }),
  })
  if (!r.ok) throw new Error(`Restate's SQL API refused a query: ${r.status} ${(await r.text()).slice(0, 500)}`)
  return ((await r.json()) as { rows: T[] }).rows
}

/** Every transaction Restate holds a view of (waiting on a screen, or ended), newest first. */
export async function listTransactions(adminUrl: string): Promise<TxView[]> {
  const rows = await query<{ service_key: string; value_utf8: string }>(
    adminUrl,
    `SELECT service_key, value_utf8 FROM state WHERE service_name = '${TX_WORKFLOW}' AND key = 'view'`,
  )
  const views: TxView[] = []
  for (const row of rows) {
    try {
      views.push(JSON.parse(row.value_utf8) as TxView)
    } catch {
      // a value this version did not write: left out
    }
  }
  return views.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0))
}

/** Cancels transaction `id` with Restate's cancellation; false when it is not running. */
export async function cancelTransaction(adminUrl: string, id: string): Promise<boolean> {
  if (!ID.test(id)) throw new Error(`Invalid transaction id "${id}"`)
  const rows = await query<{ id: string }>(
    adminUrl,
    `SELECT id FROM sys_invocation WHERE target_service_name = '${TX_WORKFLOW}' AND target_service_key = '${id}' AND target_handler_name = 'run' AND status != 'completed'`,
  )
  if (!rows.length) return false
  for (const row of rows) {
    const r = await fetch(new URL(`/invocations/${encodeURIComponent(row.id)}/cancel`, adminUrl), { method: 'PATCH' })
    if (!r.ok && r.status !== 404) throw new Error(`Restate refused to cancel transaction ${id}: ${r.status} ${(await r.text()).slice(0, 500)}`)
  }
  return true
}
