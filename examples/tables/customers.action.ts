// Async data: io.display.table and io.display.grid ask getData for each page,
// as they would a database; search and sort happen in getData.
import { defineAction } from 'mini-interval'
import { customers, type Customer } from '../lib/generate'

// Made on first use: top-level work would slow down listing the action.
let cached: Customer[] | undefined
const all = (): Customer[] => (cached ??= customers(100_000))
const KEYS: Record<string, keyof Customer> = { id: 'id', name: 'name', email: 'email', plan: 'plan', seats: 'seats', since: 'since' }

/** What a `SELECT … WHERE … ORDER BY … LIMIT … OFFSET …` would return. */
async function query({ queryTerm, sortColumn, sortDirection, offset, pageSize }: {
  queryTerm: string; sortColumn?: string; sortDirection?: 'asc' | 'desc'; offset: number; pageSize: number
}) {
  const q = queryTerm.toLowerCase()
  let rows = q ? all().filter((c) => c.name.toLowerCase().includes(q) || c.email.includes(q) || c.plan.includes(q)) : all()
  const key = sortColumn ? KEYS[sortColumn] : undefined
  if (key) {
    const dir = sortDirection === 'desc' ? -1 : 1
    rows = [...rows].sort((a, b) => (a[key] < b[key] ? -dir : a[key] > b[key] ? dir : 0))
  }
  await new Promise((r) => setTimeout(r, 50)) // a database takes a moment
  return { data: rows.slice(offset, offset + pageSize), totalRecords: rows.length }
}

export default defineAction({
  name: 'Browse customers',
  description: 'A getData table and grid over 100,000 customers',
  handler: async (io) => {
    await io.display.table('Customers', {
      getData: query,
      columns: ['id', 'name', 'email', 'plan', 'seats', 'since'],
      defaultPageSize: 25,
      rowMenuItems: (c) => [{ label: 'Email', url: `mailto:${c.email}` }],
    })
    await io.display.grid('Enterprise accounts', {
      getData: async (q) => query({ ...q, queryTerm: q.queryTerm || 'enterprise' }),
      renderItem: (c) => ({ label: c.name, description: `${c.seats} seats since ${c.since.getUTCFullYear()}`, url: `mailto:${c.email}` }),
      idealColumnWidth: 220,
      defaultPageSize: 12,
    })
    const { choice } = await io.display.markdown('Done browsing?').withChoices(['Done'])
    return choice
  },
})
