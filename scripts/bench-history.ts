// History at scale: stores of 10,000 and 100,000 runs (written directly, as
// the store would), then the first page of History on a cold store, a filter
// by action, a text search and one append. Each figure is also a ratio to
// reading one plain file as large as all the stored logs, measured in the same
// run (these machines are shared and noisy). Writes test-output/bench/history.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HistoryStore, newTxId } from '../src/core/history/store'
import { USER } from '../test/unit/helpers'
import { populate } from './lib/historyFixture'

function ms(f: () => unknown, n = 1): number {
  const t = performance.now()
  for (let i = 0; i < n; i++) f()
  return (performance.now() - t) / n
}

/** Mean time of one log append to a fresh run, over `n` appends. */
function appendCost(dir: string, n = 2000): number {
  const store = new HistoryStore(dir)
  const { log } = store.create(newTxId(), { action: { slug: 'bench', name: 'Bench', file: '/w/b.ts' }, codeHash: 'h', params: {}, user: USER })
  log.append({ type: 'log', message: 'warm-up' })
  const t = ms(() => log.append({ type: 'log', message: `a log line of about a hundred bytes, as an action would write ${'.'.repeat(30)}` }), n)
  log.append({ type: 'result' })
  return t
}

const root = mkdtempSync(join(tmpdir(), 'mi-bench-history-'))
const results: Record<string, unknown>[] = []
const rows: [string, number, number][] = []
const small = join(root, 'small')
populate(small, 100)
const appendSmall = appendCost(small)
for (const n of [10_000, 100_000]) {
  const dir = join(root, `runs-${n}`)
  const built = performance.now()
  const bytes = populate(dir, n)
  const buildMs = performance.now() - built
  const plain = join(root, `plain-${n}`)
  writeFileSync(plain, Buffer.alloc(bytes, 'x'))
  const plainMs = ms(() => readFileSync(plain), 3)
  const firstPage = ms(() => new HistoryStore(dir).query({ limit: 50 }))
  const store = new HistoryStore(dir)
  // What the view does: the first page from the index's tail, then the whole index loads just after.
  store.query({ limit: 50 })
  store.index.refresh()
  const byAction = ms(() => store.query({ action: 'action-7', limit: 50 }), 5)
  const byActionCold = ms(() => new HistoryStore(dir).query({ action: 'action-7', limit: 50 }))
  const hits = store.query({ text: 'shipping-4', limit: 50 }).total
  const text = ms(() => store.query({ text: 'shipping-4', limit: 50 }), 3)
  const append = appendCost(dir)
  const read = ms(() => store.read(store.query({ limit: 1 }).items[0].id), 20)
  const figures = { runs: n, logBytes: bytes, buildMs, plainReadMs: plainMs, firstPageColdMs: firstPage, byActionMs: byAction, byActionColdMs: byActionCold, textSearchMs: text, textHits: hits, appendMs: append, append100Ms: appendSmall, readOneMs: read }
  results.push(figures)
  const label = `${n.toLocaleString('en-US')} runs`
  rows.push(
    [`${label}: first page, cold (limit 50)`, firstPage, plainMs],
    [`${label}: filter by action (index loaded after the first page)`, byAction, plainMs],
    [`${label}: filter by action, cold (whole index parsed)`, byActionCold, plainMs],
    [`${label}: text search (${hits} hits)`, text, plainMs],
    [`${label}: read one run`, read, plainMs],
    [`${label}: append one event (100 runs: ${appendSmall.toFixed(3)} ms)`, append, appendSmall],
  )
  rmSync(plain)
}
console.log(`\nHistory (baseline: reading one plain file as large as all the logs; appends against a 100-run store)\n`)
console.log(`${'figure'.padEnd(64)} ${'ms'.padStart(9)} ${'baseline'.padStart(9)} ${'ratio'.padStart(7)}`)
for (const [name, v, base] of rows) console.log(`${name.padEnd(64)} ${v.toFixed(3).padStart(9)} ${base.toFixed(3).padStart(9)} ${(v / base).toFixed(3).padStart(7)}`)
for (const r of results) console.log(`${(r.runs as number).toLocaleString('en-US')} runs: ${((r.logBytes as number) / 1e6).toFixed(0)} MB of logs, built in ${((r.buildMs as number) / 1000).toFixed(1)} s`)
mkdirSync('test-output/bench', { recursive: true })
writeFileSync('test-output/bench/history.json', JSON.stringify({ at: new Date().toISOString(), results }, null, 2))
if (!process.env.KEEP) rmSync(root, { recursive: true, force: true })
else console.log(root)
