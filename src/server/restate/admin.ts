// What a server asks Restate's admin API about its transactions: History
// (each transaction's `view` state, through the SQL introspection API) and
// cancellation (Restate's own: the workflow's `run` invocation is canceled,
// and workflow.ts cancels the Transaction when its awaited call rejects).
import { userSchema, type TxView, type User } from '../../core/protocol'
import type { TxEvent } from '../../core/history/events'
import { JOURNAL_RUN, TX_WORKFLOW } from './names'

const ID = /^[a-z0-9-]{1,200}$/

export async function query<T>(adminUrl: string, sql: string): Promise<T[]> {
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

/**
 * Who started each of transactions `ids` (all of them when absent), by id: the `user` of its workflow's input (the
 * first entry of its `run` invocation's journal, which Restate keeps as long as the rest of it). A view holds no user,
 * and this reads what Restate has for every run ever started, however old the code that started it.
 */
export async function startedBy(adminUrl: string, ids?: readonly string[]): Promise<Map<string, User>> {
  const out = new Map<string, User>()
  if (ids && !ids.length) return out
  if (ids?.some((id) => !ID.test(id))) throw new Error('Invalid transaction id')
  const rows = await query<{ tx: string; entry_json: string }>(
    adminUrl,
    `SELECT i.target_service_key AS tx, j.entry_json FROM sys_journal j JOIN sys_invocation i ON j.id = i.id ` +
      `WHERE i.target_service_name = '${TX_WORKFLOW}' AND i.target_handler_name = 'run' AND j.index = 0 AND j.entry_type = 'Command: Input'` +
      (ids ? ` AND i.target_service_key IN (${ids.map((id) => `'${id}'`).join(', ')})` : ''),
  )
  for (const row of rows) {
    try {
      const payload = (JSON.parse(row.entry_json) as { Command?: { Input?: { payload?: number[] } } }).Command?.Input?.payload
      const user = payload && (JSON.parse(Buffer.from(payload).toString('utf8')) as { user?: unknown }).user
      const parsed = userSchema.safeParse(user)
      if (parsed.success) out.set(row.tx, parsed.data)
    } catch {
      // an input this version did not write: its starter stays unknown
    }
  }
  return out
}

/** One of Restate's journal entries as its SQL API gives it (`entry_json`: the entry, payloads as byte arrays). */
export interface JournalRow {
  entry_type: string
  name?: string | null
  entry_json: string
}

type RunEntry = { Command?: { Run?: { completion_id: number; name?: string } }; Notification?: { Completion?: { Run?: { completion_id: number; result?: { Success?: number[] } } } } }

/** The results of transaction `id`'s `run` invocation's ctx.run calls named `name`, in journal order (JSON, as the handler returned them). */
export async function runResults(adminUrl: string, id: string, name: string): Promise<unknown[]> {
  if (!ID.test(id)) throw new Error(`Invalid transaction id "${id}"`)
  const rows = await query<JournalRow>(
    adminUrl,
    `SELECT entry_type, name, entry_json FROM sys_journal WHERE entry_type IN ('Command: Run', 'Notification: Run') AND id IN ` +
      `(SELECT id FROM sys_invocation WHERE target_service_name = '${TX_WORKFLOW}' AND target_service_key = '${id}' AND target_handler_name = 'run') ORDER BY index`,
  )
  return runsNamed(rows, name)
}

/** The results of the runs named `name` among journal rows (a run's name is on its command, its result on its completion). */
export function runsNamed(rows: JournalRow[], name: string): unknown[] {
  const named = new Set<number>()
  const out: unknown[] = []
  for (const row of rows) {
    const entry = JSON.parse(row.entry_json) as RunEntry
    const command = entry.Command?.Run
    if (command && (command.name ?? '') === name) named.add(command.completion_id)
    const done = entry.Notification?.Completion?.Run
    if (done && named.has(done.completion_id) && done.result?.Success) out.push(JSON.parse(Buffer.from(done.result.Success).toString('utf8')))
  }
  return out
}

/**
 * Transaction `id`'s events as Restate journaled them (workflow.ts: each batch
 * one ctx.run named 'journal'), in order: what History folds, as it folds a
 * local log. Empty when Restate holds no journal of it (unknown, or past its retention).
 */
export async function journaledEvents(adminUrl: string, id: string): Promise<TxEvent[]> {
  return ((await runResults(adminUrl, id, JOURNAL_RUN)) as TxEvent[][]).flat()
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
