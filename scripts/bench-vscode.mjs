#!/usr/bin/env node
// Speed in real VS Code (issue 14): code-server and Chromium as the integration
// suite runs them, a fresh window on a workspace of its own, miniInterval.trace
// on. Prints, hop by hop, Run → first prompt painted (the first run after the
// window opened, and warm runs) and answer → next prompt painted, with the
// host-and-worker part against a bare worker echo measured in the same run.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = join(root, 'test-output', 'bench-vscode.json')
// benchwarm's figure (the browser's first webview) goes beside it: test/integration/webviewWarm.benchwarm.test.ts.
const browserOut = out.replace(/\.json$/, '.browser.json')
rmSync(out, { force: true })
rmSync(browserOut, { force: true })
const workspace = mkdtempSync(join(tmpdir(), 'mi-bench-vscode-'))
writeFileSync(join(workspace, 'hello.action.ts'), `export default { name: 'Hello', handler: async (io: any) => 'Hello, ' + (await io.input.text('Your name')) }\n`)
writeFileSync(join(workspace, 'steps.action.ts'), `export default {
  name: 'Steps',
  handler: async (io: any) => {
    const answers: string[] = []
    for (let i = 1; i <= 61; i++) answers.push(await io.input.text('Step ' + i))
    return answers.length
  },
}
`)
const r = spawnSync(process.execPath, [join(root, 'scripts/test-integration.mjs'), '--phase=benchwarm,bench,benchbig', `--workspace=${workspace}`], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, MINI_INTERVAL_BENCH_OUT: out } })
rmSync(workspace, { recursive: true, force: true })
let data
try {
  data = JSON.parse(readFileSync(out, 'utf8'))
} catch {
  console.error(`[bench-vscode] no results (${out}); the run exited ${r.status}`)
  process.exit(1)
}

const FRAME = 1000 / 60
const h = data.heap?.before ? data.heap : undefined
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`
let browser
try { browser = JSON.parse(readFileSync(browserOut, 'utf8')) } catch {}
const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))] }
const f = (ms) => `${ms.toFixed(1)} ms`
const partsOf = (p) => Object.fromEntries(p.hops.slice(1).map((h, i) => [h.name, h.t - p.hops[i].t]))
const whole = (p) => p.hops[p.hops.length - 1].t - p.hops[0].t

function table(title, paths) {
  if (!paths.length) return console.log(`\n${title}: no paths`)
  const names = paths[0].hops.slice(1).map((h) => h.name)
  console.log(`\n${title} (${paths.length} path${paths.length > 1 ? 's' : ''})`)
  console.log('| hop | p50 | p95 |\n|---|---|---|')
  for (const n of names) {
    const xs = paths.map((p) => partsOf(p)[n] ?? 0)
    console.log(`| ${n} | ${f(pct(xs, 0.5))} | ${f(pct(xs, 0.95))} |`)
  }
  const w = paths.map(whole)
  console.log(`| **end to end** | **${f(pct(w, 0.5))}** | **${f(pct(w, 0.95))}** |`)
}

/** Where a new panel's `received` part goes: its page's load, from the Run's click. */
function pageTable(title, paths) {
  const withPage = paths.filter((p) => p.page)
  if (!withPage.length) return
  const rows = [
    ['click → page begins loading', (p) => p.page.start - p.hops[0].t],
    ['page begins → bundle arrived', (p) => p.page.bundle - p.page.start],
    ['bundle arrived → ready posted', (p) => p.page.ready - p.page.bundle],
    ['ready posted → screen received', (p) => p.hops.find((h) => h.name === 'received').t - p.page.ready],
  ]
  console.log(`\n${title}: the new panel's page (inside "received")`)
  console.log('| part | p50 | p95 |\n|---|---|---|')
  for (const [name, fn] of rows) {
    const xs = withPage.map(fn)
    console.log(`| ${name} | ${f(pct(xs, 0.5))} | ${f(pct(xs, 0.95))} |`)
  }
}

/** The host-and-worker part of an answer: from the answer reaching the host to the next screen posted. */
const hostWorker = (p) => { const x = partsOf(p); return (x.checked ?? 0) + (x.io ?? 0) + (x.journaled ?? 0) + (x.posted ?? 0) }

table('Run Action → first prompt painted, first run after the window opened', data.firstRun ? [data.firstRun] : [])
table('Run Action → first prompt painted, warm', data.warmRuns)
pageTable('First run', data.firstRun ? [data.firstRun] : [])
pageTable('Warm runs', data.warmRuns)
table('Answer → next prompt painted', data.answers)
const echo50 = pct(data.echoMs, 0.5)
const hw = data.answers.map(hostWorker)
const ans95 = pct(data.answers.map(whole), 0.95)
console.log(`
| figure | measured | target |
|---|---|---|
| answer → next prompt painted, p95 | ${f(ans95)} = ${(ans95 / FRAME).toFixed(2)} frames (60 Hz) | ≤ 2 frames |
| host and worker part of an answer, p50 | ${f(pct(hw, 0.5))} = ${(pct(hw, 0.5) / echo50).toFixed(1)}× a bare worker echo (${echo50.toFixed(3)} ms) | ≤ 2 ms or ≤ 2 echoes |
| Run → first prompt painted, warm, p50 | ${f(pct(data.warmRuns.map(whole), 0.5))} | ≤ 150 ms |
| Run → first prompt painted, first run after a fresh window opened (its browser had shown a webview before) | ${data.firstRun ? f(whole(data.firstRun)) : 'n/a'} | ≤ 500 ms |
| activation, a fresh window (module evaluation + activate(); the bundle's parse comes before its first module) | ${f(data.activationMs)} (and VS Code's own ${f(data.beforeActivateMs ?? NaN)} between the two) | ≤ 50 ms |
| activation after a reload, with ${data.big?.actions ?? '?'} action files and ${data.big?.runs?.toLocaleString('en-US') ?? '?'} History runs | ${data.big ? f(data.big.activationMs) : 'n/a'} (VS Code's own ${data.big ? f(data.big.beforeActivateMs ?? NaN) : 'n/a'} between) | ≤ 50 ms, flat |
| extension host heap, data (less V8's compiled code), after ${h?.count ?? '?'} more finished transactions / before them | ${h ? `${mb(h.finished.data)} / ${mb(h.before.data)} = ${(h.finished.data / h.before.data).toFixed(3)}×` : 'n/a'} | ≤ 1× |
| the same, the whole heap | ${h ? `${mb(h.finished.used)} / ${mb(h.before.used)} = ${(h.finished.used / h.before.used).toFixed(3)}×` : 'n/a'} | ≤ 1× |
| heap data before any run / after the first (the first run's one-time loads: the compiler, the protocol's schemas) | ${h ? `${mb(h.none.data)} / ${mb(h.first.data)}` : 'n/a'} | — |
| the browser's first webview ever (VS Code registers its webview service worker; benchwarm, before bench's window) | ${browser ? f(browser.firstWebviewMs) : 'n/a'} | — |`)
// The same outside VS Code, parse included: plain Node, a stub vscode, fresh processes (scripts/measure-load.mjs).
console.log('\n' + execFileSync(process.execPath, [join(root, 'scripts/measure-load.mjs'), '--runs=5'], { cwd: root, encoding: 'utf8' }).trim())
if (data.big) console.log(`\n(big workspace: the first search for actions finished ${f(data.big.indexedAfterActivationMs)} after activation; History's first page of ${data.big.historyTotal.toLocaleString('en-US')} runs read in ${f(data.big.historyFirstPageMs)})`)
process.exit(r.status ?? 1)
