// Runs the same integration suite in desktop VS Code through @vscode/test-electron,
// for machines WITH internet (it downloads VS Code from Microsoft's update
// servers, which cannot be reached from the project's build machines — there,
// use scripts/test-integration.mjs, which runs the suite in code-server).
// NOT RUN HERE: untested beyond syntax.
//
//   npm run build && node test/integration/electron.mjs [--phase=main,reload,restricted]
//
// VS Code is launched with --remote-debugging-port; the UI bridge attaches to
// its workbench window with chromium.connectOverCDP, so ui.* calls work as in
// code-server. "reload" relaunches VS Code with the same user data dir;
// "restricted" launches without --disable-workspace-trust (runTests always
// adds that flag, so that phase spawns VS Code itself).
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron'
import { chromium } from 'playwright-core'
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../scripts/lib/code-server.mjs'
import { startUiBridge } from '../../scripts/lib/ui-bridge.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const phases = (process.argv.find((a) => a.startsWith('--phase='))?.slice(8) ?? 'main,reload,restricted').split(',')
const out = join(root, 'test-output/electron')
rmSync(out, { recursive: true, force: true })
const extensionTestsPath = join(root, 'out/test/integration/index.js')
const workspace = join(root, 'examples')

let page = null
let phase = null
const reports = {}
const bridge = await startUiBridge({
  getPage: () => page,
  screenshotDir: join(root, 'test-output/screenshots'),
  state: () => ({ phase }),
  onReport: (r) => { reports[r.phase] = r },
  // the extension host's stdout already reaches this terminal through VS Code
})

/** Attaches to the VS Code window on `port` as soon as it is up. */
function attach(port) {
  let stop = false
  ;(async () => {
    while (!stop) {
      try {
        const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`)
        while (!stop) {
          page = browser.contexts().flatMap((c) => c.pages()).find((p) => p.url().includes('workbench')) ?? null
          await new Promise((r) => setTimeout(r, 500))
        }
        await browser.close().catch(() => {})
      } catch { await new Promise((r) => setTimeout(r, 500)) }
    }
  })()
  return () => { stop = true; page = null }
}

const vscodeExecutablePath = await downloadAndUnzipVSCode('stable')
let failed = false
for (const p of phases) {
  phase = p
  const port = await freePort()
  const userData = join(out, p === 'restricted' ? 'restricted' : 'trusted', 'user')
  const extensionsDir = join(out, p === 'restricted' ? 'restricted' : 'trusted', 'extensions')
  mkdirSync(userData, { recursive: true })
  const env = { MINI_INTERVAL_TEST_PHASE: p, MINI_INTERVAL_UI_BRIDGE: bridge.url }
  const launchArgs = [workspace, `--user-data-dir=${userData}`, `--extensions-dir=${extensionsDir}`, `--remote-debugging-port=${port}`]
  const detach = attach(port)
  try {
    if (p !== 'restricted') {
      await runTests({ vscodeExecutablePath, extensionDevelopmentPath: root, extensionTestsPath, launchArgs, extensionTestsEnv: env })
    } else {
      const code = await new Promise((r) => spawn(vscodeExecutablePath, [
        ...launchArgs, '--no-sandbox', '--disable-gpu-sandbox', '--disable-updates', '--skip-welcome', '--skip-release-notes',
        `--extensionDevelopmentPath=${root}`, `--extensionTestsPath=${extensionTestsPath}`,
      ], { stdio: 'inherit', env: { ...process.env, ...env } }).on('exit', r))
      if (code !== 0) throw new Error(`exit code ${code}`)
    }
  } catch (e) {
    console.error(`[electron] phase ${p} failed: ${e.message ?? e}`)
    failed = true
  } finally {
    detach()
  }
}
await bridge.close()
const sum = (k) => Object.values(reports).reduce((n, r) => n + (r[k] ?? 0), 0)
console.log(`${sum('passed')} passed, ${sum('failed') + (failed && sum('failed') === 0 ? 1 : 0)} failed`)
process.exit(failed ? 1 : 0)
