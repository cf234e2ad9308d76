// 50 runs ending at once on one host (serve under load), through HistoryStore:
// how long the event loop is blocked, and how long until every end is on disk
// and indexed. Group commit (history/endSync.ts: the ends of one turn
// fdatasync'ed on libuv's pool, then told) against the same ends each synced on
// the main thread in a row (settleNow: what TxLog did before), measured in the
// same run, alternating, median of BENCH_ROUNDS (default 20).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { endsSettled } from '../src/core/history/endSync'
import { HistoryStore, type TxLog } from '../src/core/history/store'
import { USER } from '../test/unit/helpers'

const RUNS = Number(process.env.BENCH_ENDS ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20)
const action = { slug: 'bench', name: 'Bench', file: '/w/b.ts' }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** The longest gap between two turns of the event loop while `work` runs (a stalled loop is a frozen UI). */
async function stalls(work: () => Promise<void>): Promise<{ maxGapMs: number; wallMs: number }> {
  let last = performance.now()
  let maxGap = 0
  let on = true
  const tick = () => {
    const now = performance.now()
    maxGap = Math.max(maxGap, now - last)
    last = now
    if (on) setImmediate(tick)
  }
  setImmediate(tick)
  await new Promise((r) => setImmediate(r))
  const t = performance.now()
  last = t
  await work()
  const wallMs = performance.now() - t
  on = false
  tick()
  return { maxGapMs: maxGap, wallMs }
}

/** RUNS runs waiting for their last answer: a screen, an answer, a few log lines each. */
function waiting(store: HistoryStore, round: number, tag: string): TxLog[] {
  return Array.from({ length: RUNS }, (_, i) => {
    const { log } = store.create(`${tag}-${round}-${i}`, { action, codeHash: 'h', params: { i }, user: USER })
    log.append({ type: 'render', seq: 1, components: [{ method: 'INPUT_TEXT', label: 'Order', props: {} }] })
    log.append({ type: 'answer', seq: 1, values: [`order ${i}`] })
    for (let k = 0; k < 5; k++) log.append({ type: 'log', message: `step ${k} of run ${i}` })
    return log
  })
}

async function main(): Promise<void> {
  const store = new HistoryStore(join(mkdtempSync(join(tmpdir(), 'mi-bench-ends-')), 'h'))
  const group = { gap: [] as number[], wall: [] as number[] }
  const inline = { gap: [] as number[], wall: [] as number[] }
  for (let round = 0; round < ROUNDS; round++) {
    // One turn ends them all (as 50 workers' results arriving together), then each is told once durable.
    const a = waiting(store, round, 'g')
    const g = await stalls(async () => {
      for (const log of a) log.append({ type: 'result', value: 'done' })
      await Promise.all(a.map((l) => l.synced()))
    })
    group.gap.push(g.maxGapMs)
    group.wall.push(g.wallMs)
    const b = waiting(store, round, 's')
    const s = await stalls(async () => {
      for (const log of b) {
        log.append({ type: 'result', value: 'done' })
        log.settleNow()
      }
    })
    inline.gap.push(s.maxGapMs)
    inline.wall.push(s.wallMs)
  }
  await endsSettled()
  const ended = store.query({ status: ['completed'] }).total
  if (ended !== 2 * RUNS * ROUNDS) throw new Error(`only ${ended} of ${2 * RUNS * ROUNDS} runs were indexed as completed`)
  console.log(`\n${RUNS} runs ending at once, median of ${ROUNDS} rounds (baseline: each end fdatasync'ed on the main thread in a row, as before)`)
  console.log('| measure | group commit (ms) | baseline (ms) | ratio |')
  console.log('|---|---|---|---|')
  for (const [name, ours, base] of [
    ['event loop blocked (longest gap between turns)', median(group.gap), median(inline.gap)],
    [`all ${RUNS} ends on disk and indexed`, median(group.wall), median(inline.wall)],
  ] as const) console.log(`| ${name} | ${ours.toFixed(2)} | ${base.toFixed(2)} | ${(ours / base).toFixed(2)}× |`)
}

void main()
