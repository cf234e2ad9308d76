// The process the fault tests kill: it writes runs to a history folder as an
// extension host would, and prints each run's id once its end is on disk.
import { writeSync } from 'node:fs'
import { join } from 'node:path'
import { Leases } from '../../src/core/history/lease'
import { HistoryStore, TxLog } from '../../src/core/history/store'

const [mode, dir, tag] = process.argv.slice(2)
const user = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }
const action = { slug: 'fault', name: 'Fault', file: '/w/fault.ts' }
const pad = (n: number) => 'p'.repeat(n)

if (mode === 'runs') {
  const lease = new Leases(join(dir, 'leases')).acquire()
  const store = new HistoryStore(dir, { lease })
  writeSync(1, 'ready\n')
  const write = (i: number) => {
    const id = `${tag}-${i}`
    const { log } = store.create(id, { action, codeHash: 'h', params: { i }, user })
    log.append({ type: 'render', seq: 1, components: [{ method: 'INPUT_TEXT', label: `Question ${i}`, props: {} }] })
    log.append({ type: 'answer', seq: 1, values: [`answer ${i}`] })
    const logs = i % 7
    for (let k = 0; k < logs; k++) log.append({ type: 'log', message: `${k} ${pad((i * 7919 + k * 104729) % 20_000)}` })
    log.append({ type: 'result', value: id })
    return { id, logs, log }
  }
  void (async () => {
    for (let i = 0; ; i += 3) {
      // Three runs end in one turn: one group commit (history/endSync.ts). A run is reported
      // ended, as a panel is told, only once its end is synced.
      await Promise.all([i, i + 1, i + 2].map(write).map(async ({ id, logs, log }) => {
        await log.synced()
        writeSync(1, `${id} ${logs}\n`)
      }))
    }
  })()
} else if (mode === 'concurrent') {
  // Both processes append to one run's log and to the index at once.
  const store = new HistoryStore(dir)
  const log = new TxLog('shared', join(dir, 'shared.jsonl'), { index: store.index, appendSearch: () => {} })
  for (let i = 0; i < 10_000; i++) {
    log.append({ type: 'log', message: `${tag} ${i} ${pad((i * 7919) % 1500)}` })
    store.index.appendStart({ id: `${tag}-${i}`, startedAt: new Date().toISOString(), slug: 'fault', actionName: `Fault ${pad(i % 300)}`, user: 'Ada' })
  }
  log.close()
}
