// The window a fault-test child plays (durable-fault-child.ts, workflow-fault-child.ts):
// a lease of its own over the shared history folder, announced on stdout, and a
// way to fail loudly. The real TTL: the parent deletes a killed child's lease
// file, as if its window had been gone for long.
import { writeSync } from 'node:fs'
import { join } from 'node:path'
import { Leases } from '../../src/core/history/lease'
import { HistoryStore, type Reopened } from '../../src/core/history/store'

export function openWindow(dir: string, name: string) {
  const fail = (why: string): never => {
    process.stderr.write(`${name}: ${why}\n`)
    process.exit(2)
  }
  const leases = new Leases(join(dir, 'leases'))
  const lease = leases.acquire()
  writeSync(1, `lease ${lease.id}\n`)
  const store = new HistoryStore(dir, { lease, leases })
  // The worker gets a copy of this environment: what the test runs signs its counter lines with it.
  process.env.FAULT_OWNER = lease.id
  return { lease, store, fail }
}

/**
 * Takes over run `id` after a killed window, as a window does on activation: it must be listed
 * as an orphan and reopen for this window. A run that had ended exits the child ("ended <status>").
 */
export function takeOver(w: ReturnType<typeof openWindow>, id: string): Reopened {
  const { store, lease, fail } = w
  const { orphans, problems } = store.recover()
  if (problems.length) fail(`recover() reported problems: ${problems.join('; ')}`)
  const r = store.reopen(id)
  if ('ended' in r) {
    lease.release()
    writeSync(1, `ended ${r.ended}\n`)
    process.exit(0)
  }
  if (!('log' in r)) fail(`reopen refused: ${JSON.stringify(r)}`)
  if (!orphans.includes(id)) fail(`recover() did not list ${id} as an orphan: ${JSON.stringify(orphans)}`)
  return r as Reopened
}
