// Workflow graph benchmark, in headless Chromium (issue 10): a 100-step
// workflow (10 levels × 10 steps, each depending on two steps of the level
// before) drawn by <mi-workflow> in the real webview bundle, driven with host
// `state` messages. Measured: its first paint, and the repaint after one step's
// state changes (100 successive states, each changing one step, as the engine
// pushes them). Each figure is also a ratio to a baseline measured on the same
// page: building and painting a plain <ul> of 100 items (id, status, duration)
// by DOM calls, and changing one item's text.
//
//   node scripts/bench-graph.mjs [--reps N]
//
// Timings are taken in the page (performance.now()). "script": from posting
// the message (window.postMessage, as the host's arrives) until <mi-app> and
// <mi-workflow> finished updating (message parse + schema check + Lit render);
// "painted": until the next frame after that has run its style, layout and
// paint (rAF, then the first task after it). Writes test-output/bench/graph.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { buildWebview } from '../test/webview/build.mjs'
import { launchBrowser, openWebview, startServer } from '../test/webview/harness.mjs'

const root = resolve(import.meta.dirname, '..')
const reportPath = join(root, 'test-output/bench/graph.json')
const argv = process.argv.slice(2)
const REPS = Number(argv[argv.indexOf('--reps') + 1]) || (argv.includes('--reps') ? 1 : 5)
const LEVELS = 10
const PER_LEVEL = 10
const CHANGES = 100

/** 10 levels × 10 steps; step j of a level depends on steps j and j+1 of the level before. */
function steps() {
  const out = []
  for (let l = 0; l < LEVELS; l++) {
    for (let j = 0; j < PER_LEVEL; j++) {
      out.push({
        id: `s${l}_${j}`, action: `step_${l}_${j}`, level: l, status: 'pending', attempt: 0, maxAttempts: 3, logs: [],
        dependsOn: l === 0 ? [] : [`s${l - 1}_${j}`, `s${l - 1}_${(j + 1) % PER_LEVEL}`],
      })
    }
  }
  return out
}

/** In the page: every measurement, self-contained (page.evaluate serialises it). */
async function inPage({ base, changes }) {
  const app = document.querySelector('mi-app')
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
  const settle = async () => { for (let i = 0; i < 3; i++) await frame() }
  /** Posts `message` as the host's arrive; resolves with { script, painted } in ms. */
  const post = (message) => new Promise((resolve) => {
    const t0 = performance.now()
    // Added after main.ts's listener, so it runs after the app took the message.
    const after = async () => {
      window.removeEventListener('message', after)
      await app.updateComplete
      const wf = app.shadowRoot.querySelector('mi-workflow')
      if (wf) await wf.updateComplete
      const t1 = performance.now()
      await frame()
      resolve({ script: t1 - t0, painted: performance.now() - t0, wf })
    }
    window.addEventListener('message', after)
    window.postMessage(message, '*')
  })
  const state = (steps) => ({
    type: 'state',
    state: { id: 'tx-bench', action: { slug: 'bench', name: 'Bench workflow' }, status: 'running', startedAt: new Date(Date.now() - 60_000).toISOString(), feed: [], logs: [], workflow: { steps } },
  })

  // Our graph: first paint, then one step's change at a time.
  await settle()
  const first = await post(state(base))
  const nodes = first.wf.shadowRoot.querySelectorAll('.wf-node').length
  const edges = first.wf.shadowRoot.querySelectorAll('.wf-edge').length
  await settle()
  let current = base
  const t = Date.now()
  const messages = changes.map(([i, status], k) => {
    current = current.map((s, n) => n !== i ? s : {
      ...s, status, attempt: Math.max(1, s.attempt),
      startedAt: s.startedAt ?? new Date(t + k).toISOString(),
      ...(status === 'completed' ? { endedAt: new Date(t + k + 1).toISOString(), result: { ok: true } } : {}),
    })
    return state(current)
  })
  const repaint = []
  for (const m of messages) repaint.push(await post(m))
  const last = repaint.at(-1).wf.shadowRoot
  const completed = last.querySelectorAll('.wf-node.st-completed').length

  // Baseline: a plain <ul> of as many items, built and painted by DOM calls; then one item's text changed.
  await settle()
  const t0 = performance.now()
  const ul = document.createElement('ul')
  for (const s of base) {
    const li = document.createElement('li')
    for (const text of [s.id, s.status, '1.0 s']) li.appendChild(document.createElement('span')).textContent = text
    ul.appendChild(li)
  }
  document.body.appendChild(ul)
  void ul.offsetHeight
  const t1 = performance.now()
  await frame()
  const ulFirst = { script: t1 - t0, painted: performance.now() - t0 }
  await settle()
  const ulRepaint = []
  for (const [i, status] of changes) {
    const u0 = performance.now()
    ul.children[i].children[1].textContent = status
    void ul.offsetHeight
    const u1 = performance.now()
    await frame()
    ulRepaint.push({ script: u1 - u0, painted: performance.now() - u0 })
  }
  ul.remove()
  const strip = ({ script, painted }) => ({ script, painted })
  return { nodes, edges, completed, first: strip(first), repaint: repaint.map(strip), ulFirst, ulRepaint }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(0.95 * xs.length) - 1]
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d

async function main() {
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(exe)) throw new Error(`${exe} not found: run bash scripts/setup-test-env.sh`)
  const built = await buildWebview()
  const server = await startServer(built)
  const browser = await launchBrowser()
  const base = steps()
  // Each step goes running, then completed, level by level (the first 50 steps: 100 changes).
  const changes = base.slice(0, CHANGES / 2).flatMap((_, i) => [[i, 'running'], [i, 'completed']])
  const runs = []
  try {
    for (let rep = -1; rep < REPS; rep++) { // rep -1: warm-up, discarded
      const w = await openWebview(browser, server.url, { theme: 'dark', viewport: { width: 1200, height: 900 } })
      const r = await w.page.evaluate(inPage, { base, changes })
      if (r.nodes !== base.length || r.completed !== CHANGES / 2) throw new Error(`drew ${r.nodes} nodes, ${r.completed} completed`)
      if (w.consoleErrors.length) throw new Error(w.consoleErrors.join('\n'))
      if (rep === 0) {
        mkdirSync(join(root, 'test-output/bench'), { recursive: true })
        await w.page.screenshot({ path: join(root, 'test-output/bench/graph-100.png') })
      }
      await w.page.close()
      if (rep >= 0) runs.push(r)
    }
  } finally {
    await browser.close()
    await server.close()
  }
  const pick = (f) => median(runs.map(f))
  const fig = {
    firstScript: pick((r) => r.first.script), firstPainted: pick((r) => r.first.painted),
    ulFirstScript: pick((r) => r.ulFirst.script), ulFirstPainted: pick((r) => r.ulFirst.painted),
    repaintScript: pick((r) => mean(r.repaint.map((x) => x.script))), repaintPainted: pick((r) => mean(r.repaint.map((x) => x.painted))),
    repaintScriptP95: pick((r) => p95(r.repaint.map((x) => x.script))), repaintPaintedP95: pick((r) => p95(r.repaint.map((x) => x.painted))),
    ulRepaintScript: pick((r) => mean(r.ulRepaint.map((x) => x.script))), ulRepaintPainted: pick((r) => mean(r.ulRepaint.map((x) => x.painted))),
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavg: os.loadavg().map((x) => round(x)), node: process.version, chromium: browser.version() },
    config: { levels: LEVELS, perLevel: PER_LEVEL, nodes: runs[0].nodes, edges: runs[0].edges, changes: CHANGES, reps: REPS },
    figures: Object.fromEntries(Object.entries(fig).map(([k, v]) => [k, round(v)])),
    runs,
  }
  mkdirSync(join(root, 'test-output/bench'), { recursive: true })
  writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n')
  const row = (what, ours, baseline) => `| ${what} | ${round(ours)} ms | ${round(baseline)} ms | ${(ours / baseline).toPrecision(3)} |`
  console.log([
    `Workflow graph: ${report.config.nodes} steps (${LEVELS} levels × ${PER_LEVEL}), ${report.config.edges} edges; Chromium ${report.machine.chromium}, ${report.machine.cpus} CPUs, load ${report.machine.loadavg[0]}; medians of ${REPS} pages.`,
    'Baseline: a plain <ul> of 100 items (3 spans each) built by DOM calls on the same page; one item\'s text changed.',
    '',
    '| measurement | graph | baseline | graph ÷ baseline |',
    '|---|---:|---:|---:|',
    row('first paint: script (message → rendered)', fig.firstScript, fig.ulFirstScript),
    row('first paint: to the painted frame', fig.firstPainted, fig.ulFirstPainted),
    row(`repaint after one step's change, mean of ${CHANGES}: script`, fig.repaintScript, fig.ulRepaintScript),
    row(`repaint after one step's change, mean of ${CHANGES}: to the painted frame`, fig.repaintPainted, fig.ulRepaintPainted),
    `| ↳ p95 of the ${CHANGES} (script / painted) | ${round(fig.repaintScriptP95)} / ${round(fig.repaintPaintedP95)} ms | | |`,
    '',
    `Full report: ${reportPath.slice(root.length + 1)}`,
  ].join('\n'))
}

main().then(() => process.exit(0), (e) => (console.error(e), process.exit(1)))
