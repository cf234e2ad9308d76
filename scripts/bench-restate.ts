// Restate engine benchmark (issue 12): the same load client drives
//   - a bare Restate workflow with three durable promises (test/restate/bare-main.ts), and
//   - a three-prompt action as a transaction on our Restate engine (src/server/restate),
// each through Restate's ingress, CONCURRENCY transactions at a time for SECONDS,
// against one restate-server on loopback started here. It reports transactions
// per second and the p50/p95 from an answer to the next prompt (or the end),
// and our figures as a ratio to the bare workflow's (target: at most 1.5x); then our
// transactions with one and with two endpoint processes (two `serve`s) behind one
// Restate, each on its own restate-server, through a balancer registered as the deployment.
//   tsx scripts/bench-restate.ts [--seconds 10] [--concurrency 50]
// The endpoints run on Node 24 (the SDK needs 22+); this client runs on any Node.
import { readFileSync } from 'node:fs'
import { register, startRestate } from '../test/restate/server'
import { actionsDir, startEndpointProc, TxClient } from '../test/restate/harness'
import { startBalancer } from '../test/restate/balancer'

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : d
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} takes a positive number`)
  return v
}
const SECONDS = arg('seconds', 10)
const CONCURRENCY = arg('concurrency', 50)

const ACTION = `
export default async (io, ctx) => {
  const a = await io.input.text('First')
  const b = await io.input.text('Second')
  const c = await io.input.text('Third')
  return { a, b, c }
}`

interface Figures {
  txs: number
  perSecond: number
  p50: number
  p95: number
  /** Start to first prompt, p50. */
  firstP50: number
  failures: number
}

const pct = (xs: number[], p: number): number => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return NaN
  }
}

/** CONCURRENCY lanes, each running transactions one after another until the time is up. */
async function load(ingress: string, service: string, slug: string, tag: string): Promise<Figures> {
  const latencies: number[] = []
  const first: number[] = []
  let done = 0
  let failures = 0
  let counter = 0
  const end = Date.now() + SECONDS * 1000
  const started = Date.now()
  const lane = async (): Promise<void> => {
    while (Date.now() < end) {
      const c = new TxClient(ingress, `${tag}-${process.pid}-${++counter}`)
      c.service = service
      try {
        const t0 = performance.now()
        let waiting = c.next(0)
        await c.start(slug)
        let w = await waiting
        first.push(performance.now() - t0)
        for (let n = 1; 'seq' in w; n++) {
          // The next screen is asked for first, so its arrival is seen as soon as Restate has it.
          waiting = c.next(n)
          const t = performance.now()
          await c.answer(w.seq, [`v${n}`])
          w = await waiting
          latencies.push(performance.now() - t)
        }
        if (w.ended !== 'completed') throw new Error(`ended ${w.ended}`)
        done++
      } catch (e) {
        failures++
        if (failures <= 3) console.error(`[bench-restate] ${service}: ${(e as Error).message}`)
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane))
  const secs = (Date.now() - started) / 1000
  return { txs: done, perSecond: done / secs, p50: pct(latencies, 50), p95: pct(latencies, 95), firstP50: pct(first, 50), failures }
}

async function main(): Promise<void> {
  const restate = await startRestate()
  const dir = actionsDir({ 'three.action.ts': ACTION })
  const bare = await startEndpointProc(dir, restate.admin, undefined, 'bare')
  const ours = await startEndpointProc(dir, restate.admin)
  try {
    // Warm-up: the action's compile and the first invocations of each service.
    await load(restate.ingress, 'bare', 'three', 'warm-bare').catch(() => undefined)
    const warm = new TxClient(restate.ingress, `warm-${process.pid}`)
    await warm.start('three')
    for (let n = 0; ; n++) {
      const w = await warm.next(n)
      if (!('seq' in w)) break
      await warm.answer(w.seq, ['w'])
    }
    const pids = { server: restate.proc.pid, bare: bare.proc.pid, ours: ours.proc.pid, client: process.pid }
    const cpu = () => Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]))
    const c0 = cpu()
    const b = await load(restate.ingress, 'bare', 'three', 'bare')
    const c1 = cpu()
    const t = await load(restate.ingress, 'tx', 'three', 'tx')
    const c2 = cpu()
    /** CPU ms per completed transaction, by process. */
    const perTx = (from: Record<string, number>, to: Record<string, number>, n: number) =>
      Object.keys(pids).map((k) => `${k} ${(((to[k] - from[k]) * 1000) / Math.max(1, n)).toFixed(0)}`).join(', ')
    const row = (name: string, f: Figures) =>
      `| ${name} | ${f.txs} | ${f.perSecond.toFixed(1)} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.firstP50.toFixed(1)} | ${f.failures} |`
    console.log(`\nRestate engine, ${CONCURRENCY} transactions at a time for ${SECONDS} s each (three prompts; latency: an answer to the next prompt, ms)\n`)
    console.log('| engine | transactions | tx/s | p50 | p95 | start→first prompt p50 | failures |')
    console.log('|---|---|---|---|---|---|---|')
    console.log(row('bare Restate workflow', b))
    console.log(row('Mini Interval on Restate', t))
    console.log(`\nCPU ms per transaction: bare run: ${perTx(c0, c1, b.txs)}; our run: ${perTx(c1, c2, t.txs)}`)
    // Round trips to Restate inside a transaction: the journal entries of its `run` (ours: each batch of events one ctx.run).
    const entries = async (service: string) => {
      const q = async (sql: string) => ((await (await fetch(new URL('/query', restate.admin), { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: sql }) })).json()) as { rows: { n: number }[] }).rows[0]?.n ?? NaN
      const runs = `SELECT id FROM sys_invocation WHERE target_service_name = '${service}' AND target_handler_name = 'run' AND status = 'completed'`
      return (await q(`SELECT count(*) AS n FROM sys_journal WHERE id IN (${runs})`)) / (await q(`SELECT count(*) AS n FROM (${runs})`))
    }
    console.log(`\nRestate journal entries per transaction's run: bare ${(await entries('bare')).toFixed(1)}, ours ${(await entries('tx')).toFixed(1)}`)
    console.log(`\nratio (ours / bare): throughput ${(b.perSecond / t.perSecond).toFixed(2)}x slower, p50 ${(t.p50 / b.p50).toFixed(2)}x, p95 ${(t.p95 / b.p95).toFixed(2)}x (target: at most 1.5x)`)
  } finally {
    await ours.kill()
    await bare.kill()
    await restate.cleanup()
  }
}

/** Our transactions through `n` endpoint processes behind one balancer, on a restate-server of their own. */
async function behind(n: number): Promise<Figures> {
  const restate = await startRestate()
  const dir = actionsDir({ 'three.action.ts': ACTION })
  const eps = await Promise.all(Array.from({ length: n }, () => startEndpointProc(dir)))
  const balancer = await startBalancer(eps.map((e) => e.port))
  try {
    await register(restate.admin, balancer.url)
    await load(restate.ingress, 'tx', 'three', `warm${n}`).catch(() => undefined)
    return await load(restate.ingress, 'tx', 'three', `behind${n}`)
  } finally {
    await balancer.close()
    for (const e of eps) await e.kill()
    await restate.cleanup()
  }
}

async function scaling(): Promise<void> {
  const one = await behind(1)
  const two = await behind(2)
  console.log(`\nOne and two endpoint processes (serve) behind one Restate, ${CONCURRENCY} at a time for ${SECONDS} s (on this machine both share its two cores)\n`)
  console.log('| endpoints | transactions | tx/s | p50 | p95 | failures |\n|---|---|---|---|---|---|')
  for (const [n, f] of [[1, one], [2, two]] as const) console.log(`| ${n} | ${f.txs} | ${f.perSecond.toFixed(1)} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.failures} |`)
}

main().then(() => scaling()).then(
  () => process.exit(0),
  (e) => {
    console.error(`[bench-restate] ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
