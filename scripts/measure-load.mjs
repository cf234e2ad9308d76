#!/usr/bin/env node
// Times the extension's cold start in plain Node, outside VS Code: loading dist/extension.js (parse and
// module evaluation; Node's built-ins it uses are loaded before, as in VS Code) and then activate(),
// each in a fresh process (no code cache), against a stub `vscode` (scripts/lib/vscode-stub.cjs) and
// a temporary workspace and storage. Prints the median of --runs=N (default 5). `node scripts/build.mjs`
// first; --bundle=A,B measures other builds, their runs interleaved so a busy machine weighs on each alike.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const arg = (name, d) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d
const runs = Number(arg('runs', 5))
// --history=N: each run opens a History of N runs (scripts/lib/historyFixture.ts), as after a reload into a big one.
const historyRuns = Number(arg('history', 0))
const bundles = arg('bundle', 'dist/extension.js').split(',').map((b) => resolve(root, b))
const stubPath = join(root, 'scripts/lib/vscode-stub.cjs')

// The child: resolves `vscode` to the stub, times require() and activate(), prints JSON, exits.
const child = (bundle) => `
const Module = require('node:module')
const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? ${JSON.stringify(stubPath)} : resolveFilename.call(this, request, ...rest) }
const vscode = require('vscode')
// Node's built-in modules the bundle uses: VS Code's extension host has loaded them long before.
const { builtinModules } = Module
for (const [, name] of require('node:fs').readFileSync(${JSON.stringify(bundle)}, 'utf8').matchAll(/require\\("(?:node:)?([a-z_/]+)"\\)/g)) if (builtinModules.includes(name)) require(name)
const t0 = performance.now()
const ext = require(${JSON.stringify(bundle)})
const t1 = performance.now()
const dir = process.env.MEASURE_DIR
const u = (p) => vscode.Uri.file(require('node:path').join(dir, p))
const secrets = { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: () => ({ dispose() {} }) }
const memento = { get: (_k, d) => d, update: async () => {}, keys: () => [] }
const context = { subscriptions: [], extensionUri: vscode.Uri.file(${JSON.stringify(root)}), globalStorageUri: u('global'), storageUri: u('storage'), logUri: u('log'), secrets, globalState: memento, workspaceState: memento }
const api = ext.activate(context)
const t2 = performance.now()
const loaded = Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(join(root, 'dist'))}))
console.log(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, reportedMs: api.activationMs, loaded }))
for (const d of context.subscriptions) try { d.dispose() } catch {}
process.exit(0)
`

let template
/** A History of --history runs, made once and copied into each run's storage. */
function historyTemplate() {
  if (!template) {
    template = mkdtempSync(join(tmpdir(), 'mi-load-history-'))
    execFileSync(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(join(root, 'scripts/lib/historyFixture.ts'))}).populate(${JSON.stringify(template)}, ${historyRuns}, Date.now() - ${historyRuns} * 60000)`], { cwd: root })
    process.on('exit', () => rmSync(template, { recursive: true, force: true }))
  }
  return template
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const results = new Map(bundles.map((b) => [b, []]))
for (let i = 0; i < runs; i++) {
  for (const bundle of bundles) {
    const dir = mkdtempSync(join(tmpdir(), 'mi-load-'))
    try {
      if (historyRuns) cpSync(historyTemplate(), join(dir, 'global', 'history'), { recursive: true })
      const out = execFileSync(process.execPath, ['-e', child(bundle)], { cwd: dir, env: { ...process.env, MEASURE_DIR: dir, VSCODE_STUB_ROOT: dir, NODE_COMPILE_CACHE: '' }, encoding: 'utf8' })
      results.get(bundle).push(JSON.parse(out.trim().split('\n').pop()))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
const f = (ms) => `${ms.toFixed(1)} ms`
for (const [bundle, rs] of results) {
  console.log(`${bundle.replace(root, '')} (${runs} fresh processes, median${historyRuns ? `, a History of ${historyRuns.toLocaleString('en-US')} runs` : ''})`)
  console.log(`  module load (require):  ${f(median(rs.map((r) => r.loadMs)))}   [${rs.map((r) => r.loadMs.toFixed(1)).join(', ')}]`)
  console.log(`  activate():             ${f(median(rs.map((r) => r.activateMs)))}   [${rs.map((r) => r.activateMs.toFixed(1)).join(', ')}]`)
  console.log(`  load + activate:        ${f(median(rs.map((r) => r.loadMs + r.activateMs)))}`)
  console.log(`  activationMs reported:  ${f(median(rs.map((r) => r.reportedMs)))}`)
  console.log(`  files of dist/ loaded:  ${rs[0].loaded.map((p) => p.replace(root, '')).join(', ')}`)
}
