// Runs the integration suite (out/test/integration, built by scripts/build.mjs)
// inside a real VS Code: code-server + Debian's Chromium driven by playwright-core.
// `npm run test:integration` runs scripts/setup-test-env.sh first.
//
// Phases:
//   vsix          a third code-server with the packaged mini-interval.vsix installed
//                 by `code-server --install-extension`; the development extension is
//                 only an empty test host, so the tests drive the installed copy.
//   main, reload  one code-server and one browser profile: main runs, then the
//                 page navigates to the payload URL again (a window reload: new
//                 extension host, same user data) and reload runs. crash runs
//                 next; once it reported, the runner kills the extension host with
//                 SIGKILL (the test asked for it: `killMeAfterReport`), and
//                 aftercrash runs in the window opened again.
//   restricted    a second code-server WITHOUT --disable-workspace-trust, fresh
//                 user data and browser profile: the workspace is untrusted.
// The phase reaches the extension host through the UI bridge (`state` op);
// tests report their counts and output lines back through it as well.
//
// Options: --phase=main,reload,restricted   run only these phases
//          --extension-path=DIR             extensionDevelopmentPath (default: repo root)
//          --workspace=DIR                  folder to open (default: examples/)
//          --tests=DIR                      compiled suite (default: out/test/integration)
//          --timeout-min=N                  per phase (default 15)
//          --files=a,b                      only test files whose name starts with one of these
//                                           (also MINI_INTERVAL_TEST_FILES; reaches the suite through it)
// State lives in test-output/integration/ (wiped at the start of every run):
// code-server logs and user data per server, browser-console.log, results.json.
// Screenshots go to test-output/screenshots/.
import { chromium } from 'playwright-core'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { installExtension, startCodeServer, root } from './lib/code-server.mjs'
import { startUiBridge } from './lib/ui-bridge.mjs'

const arg = (name, dflt) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`))
  return a ? a.slice(name.length + 3) : dflt
}
const PHASES = arg('phase', 'main,reload,crash,aftercrash,restricted,vsix').split(',')
// The packaged extension the vsix phase installs (`npm run package` makes it): this
// platform's .vsix, with native esbuild (the development extension the other phases
// run compiles with esbuild-wasm, as the universal .vsix does).
const vsixPath = resolve(arg('vsix', join(root, `mini-interval-${process.platform}-${process.arch}.vsix`)))
// In the vsix phase the development extension is only a host for the tests.
const testHostPath = join(root, 'test/integration/vsix-host')
const extensionPath = resolve(arg('extension-path', process.env.MINI_INTERVAL_EXTENSION_PATH ?? root))
const workspace = resolve(arg('workspace', join(root, 'examples')))
const phaseTimeoutMs = Number(arg('timeout-min', '15')) * 60_000
const testsDir = resolve(arg('tests', join(root, 'out/test/integration')))
const testsIndex = join(testsDir, 'index.js')
const outDir = join(root, 'test-output')
const stateDir = join(outDir, 'integration')
const screenshotDir = join(outDir, 'screenshots')

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
]

const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`
const say = (msg) => console.log(`[integration ${elapsed()}] ${msg}`)

if (!existsSync(testsIndex)) {
  console.error(`[integration] ${testsIndex} is missing: run \`npm run build\` first`)
  process.exit(2)
}
if (!existsSync(join(extensionPath, 'package.json'))) {
  console.error(`[integration] no extension at ${extensionPath}`)
  process.exit(2)
}
mkdirSync(workspace, { recursive: true })
rmSync(stateDir, { recursive: true, force: true })
mkdirSync(stateDir, { recursive: true })
mkdirSync(screenshotDir, { recursive: true })
// Tests overwrite their screenshots by name; other tools write here too, so only
// the previous run's failure screenshots are removed.
for (const f of readdirSync(screenshotDir)) if (/^(failure|failed)-.*\.png$/.test(f)) rmSync(join(screenshotDir, f))
const consoleLogFile = join(stateDir, 'browser-console.log')

// Which phases have test files (a phase without any is skipped, not run empty).
const compiled = readdirSync(testsDir)
// Same rule as test/integration/index.ts: `x.<phase>.test.js`, anything else is main.
// benchwarm, bench and benchbig (npm run bench: scripts/bench-vscode.mjs) run only when asked for, in a
// code-server of their own: a window that shows the browser its first webview (benchwarm), a fresh
// window for bench, then a window reload into a workspace bench made big (benchbig).
const OTHER_PHASES = ['reload', 'crash', 'aftercrash', 'restricted', 'vsix', 'benchwarm', 'bench', 'benchbig']
const phaseOf = (f) => OTHER_PHASES.find((p) => f.endsWith(`.${p}.test.js`)) ?? 'main'
const only = arg('files', process.env.MINI_INTERVAL_TEST_FILES ?? '').split(',').map((x) => x.trim()).filter(Boolean)
// code-server passes the runner's environment to the extension host, where index.ts reads it.
if (only.length) process.env.MINI_INTERVAL_TEST_FILES = only.join(',')
const chosen = (f) => !only.length || only.some((o) => f.startsWith(o))
const filesOf = Object.fromEntries(['main', ...OTHER_PHASES].map((p) => [p, compiled.filter((f) => f.endsWith('.test.js') && phaseOf(f) === p && chosen(f))]))

// ---- shared state between the runner, the bridge and the page --------------
let page = null
let currentPhase = null
let suiteStarted = false
const reports = {}           // phase -> { passed, failed, pending, failures }
let hostToKill = null        // the extension host pid the crash phase asks to be killed (SIGKILL) once it reported
const results = []           // { phase, code, reason }
const cleanups = []

const bridge = await startUiBridge({
  getPage: () => page,
  screenshotDir,
  state: () => ({ phase: currentPhase, screenshotDir, workspace }),
  onReport: (r) => { reports[r.phase ?? currentPhase] = r },
  extraOps: { killMeAfterReport: async (a) => { hostToKill = Number(a.pid); return true } },
  onLog: (text) => {
    if (!suiteStarted) { suiteStarted = true; say(`phase ${currentPhase}: suite started in the extension host`) }
    for (const line of text.split('\n')) console.log(`  │ ${line}`)
  },
})
cleanups.push(() => bridge.close())

let shuttingDown = false
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) {
    try { await fn() } catch (e) { console.error(`[integration] cleanup: ${e.message}`) }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (shuttingDown) return
    shuttingDown = true
    console.error(`[integration] ${sig}: stopping`)
    await cleanup()
    process.exit(130)
  })
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS })
cleanups.push(() => browser.close())

/** Runs the given phases against one code-server and one browser profile. */
async function runGroup(name, phases, { disableWorkspaceTrust, installVsix = false }) {
  phases = phases.filter((p) => {
    if (!PHASES.includes(p)) return false
    if (filesOf[p].length === 0) { say(`phase ${p}: no test files, skipped`); return false }
    return true
  })
  if (phases.length === 0) return
  const dir = join(stateDir, name)
  say(`starting code-server (${name}, workspace trust ${disableWorkspaceTrust ? 'disabled' : 'enabled'})`)
  const cs = await startCodeServer({
    dir,
    workspace,
    disableWorkspaceTrust,
    env: { MINI_INTERVAL_UI_BRIDGE: bridge.url },
  })
  cleanups.push(() => cs.stop())
  say(`code-server on ${cs.url} (log ${cs.logFile})`)
  if (installVsix) {
    if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run \`npm run package\` first`)
    installExtension(dir, vsixPath)
    say(`installed ${vsixPath} with code-server --install-extension`)
  }

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  cleanups.push(() => context.close())
  page = await context.newPage()
  page.on('console', (m) => appendFileSync(consoleLogFile, `[${name}/${currentPhase}] ${m.type()}: ${m.text()}\n`))
  page.on('pageerror', (e) => appendFileSync(consoleLogFile, `[${name}/${currentPhase}] pageerror: ${e.message}\n`))

  let onExit = () => {}
  await page.exposeFunction('codeAutomationExit', (code) => onExit(Number(code)))
  await page.exposeFunction('codeAutomationLog', (...a) => appendFileSync(consoleLogFile, `[automation] ${a.join(' ')}\n`))

  const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${p}`
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(installVsix ? testHostPath : extensionPath)],
    ['extensionTestsPath', remote(testsIndex)],
  ])
  const url = `${cs.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`

  for (const phase of phases) {
    currentPhase = phase
    suiteStarted = false
    const t0 = Date.now()
    say(`phase ${phase}: ${filesOf[phase].join(', ')}`)
    const exit = new Promise((r) => { onExit = (code) => r({ code, reason: code === 0 ? 'passed' : `exit code ${code}` }) })
    const timeout = new Promise((r) => setTimeout(() => r({ code: 1, reason: `timed out after ${phaseTimeoutMs / 60000} min` }), phaseTimeoutMs).unref())
    const serverDied = new Promise((r) => {
      const t = setInterval(() => { if (cs.exited) { clearInterval(t); r({ code: 1, reason: `code-server exited: ${JSON.stringify(cs.exited)}` }) } }, 1000)
      t.unref()
    })
    await page.goto(url, { waitUntil: 'domcontentloaded' })
    const res = await Promise.race([exit, timeout, serverDied])
    if (!reports[phase]) {
      reports[phase] = { phase, passed: 0, failed: 1, failures: [{ title: `phase ${phase}`, error: `no report from the suite (${res.reason})` }] }
    }
    if (res.code !== 0) {
      try {
        await page.screenshot({ path: join(screenshotDir, `failure-${phase}.png`) })
        say(`phase ${phase}: screenshot test-output/screenshots/failure-${phase}.png`)
      } catch (e) { say(`phase ${phase}: no screenshot (${e.message})`) }
    }
    results.push({ phase, ...res })
    const r = reports[phase]
    say(`phase ${phase}: ${res.reason} — ${r.passed} passed, ${r.failed} failed (${((Date.now() - t0) / 1000).toFixed(1)}s)`)
    if (hostToKill) {
      // A crash, not a reload: the extension host gets no chance to shut down. The page leaves at once,
      // so VS Code cannot restart that host on its own; the next phase opens the window again.
      try { process.kill(hostToKill, 'SIGKILL'); say(`phase ${phase}: killed the extension host (pid ${hostToKill}) with SIGKILL`) } catch (e) { say(`phase ${phase}: could not kill pid ${hostToKill}: ${e.message}`) }
      hostToKill = null
      await page.goto('about:blank')
    }
  }
  page = null
  await context.close()
  await cs.stop()
}

let crashed = null
try {
  await runGroup('trusted', ['main', 'reload', 'crash', 'aftercrash'], { disableWorkspaceTrust: true })
  await runGroup('restricted', ['restricted'], { disableWorkspaceTrust: false })
  await runGroup('vsix', ['vsix'], { disableWorkspaceTrust: true, installVsix: true })
  await runGroup('bench', ['benchwarm', 'bench', 'benchbig'], { disableWorkspaceTrust: true })
} catch (e) {
  crashed = e
  console.error(`[integration] runner error: ${e.stack ?? e}`)
} finally {
  await cleanup()
}

let passed = 0
let failed = crashed ? 1 : 0
for (const r of Object.values(reports)) {
  passed += r.passed ?? 0
  failed += r.failed ?? 0
  for (const f of r.failures ?? []) console.log(`  ✗ [${r.phase}] ${f.title}: ${f.error.split('\n')[0]}`)
}
// No Content-Security-Policy refusal may appear anywhere (workbench or webviews).
const consoleText = existsSync(consoleLogFile) ? readFileSync(consoleLogFile, 'utf8') : ''
const cspLines = consoleText.split('\n').filter((l) => /Content Security Policy|Refused to (load|execute|apply|evaluate|connect)/i.test(l))
if (cspLines.length) {
  failed += 1
  console.log(`  ✗ ${cspLines.length} CSP violation(s) in the browser console:\n${cspLines.slice(0, 10).map((l) => '      ' + l.slice(0, 300)).join('\n')}`)
}
if (results.length === 0 && !crashed) {
  console.log('[integration] no phase ran')
  failed += 1
}
writeFileSync(join(stateDir, 'results.json'), JSON.stringify({ passed, failed, results, reports, seconds: (Date.now() - started) / 1000 }, null, 2))
const ok = failed === 0 && results.every((r) => r.code === 0)
say(`done (${results.map((r) => `${r.phase}: ${r.reason}`).join(', ') || 'nothing ran'})`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(ok ? 0 : 1)
