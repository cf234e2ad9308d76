#!/usr/bin/env node
// Packages the extension: the universal .vsix (esbuild-wasm, every platform)
// and platform .vsix files that also carry esbuild's native binary in
// dist/native/ (src/core/loader/esbuild.ts uses it when it is there).
//   node scripts/package.mjs                 universal + linux-x64 (what the tests install)
//   node scripts/package.mjs --all           universal + every platform esbuild ships a binary for
//   node scripts/package.mjs --target=T,...  universal + these vsce targets
// A platform's binary comes from node_modules/@esbuild/<platform> when installed,
// else from the npm registry (`npm pack`, cached in .cache/esbuild-native/).
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]

/** vsce's targets and the @esbuild package holding each one's binary (esbuild is a static Go binary: musl needs nothing else). */
const TARGETS = {
  'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'linux-armhf': 'linux-arm',
  'alpine-x64': 'linux-x64', 'alpine-arm64': 'linux-arm64',
  'darwin-x64': 'darwin-x64', 'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64', 'win32-arm64': 'win32-arm64',
}
const targets = process.argv.includes('--all') ? Object.keys(TARGETS) : (arg('target') ?? 'linux-x64').split(',').filter(Boolean)
for (const t of targets) if (!TARGETS[t]) throw new Error(`unknown target ${t}; one of ${Object.keys(TARGETS).join(', ')}`)

const esbuildVersion = JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("esbuild/package.json"))'], { cwd: root })).version
const native = join(root, 'dist', 'native')
const vsce = join(root, 'node_modules', '.bin', 'vsce')

/** The folder of @esbuild/<pkg>: installed, or unpacked from the registry once. */
function esbuildPackage(pkg) {
  const installed = join(root, 'node_modules', '@esbuild', pkg)
  if (existsSync(join(installed, 'package.json')) && JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(join(installed, 'package.json'))}))`])).version === esbuildVersion) return installed
  const cache = join(root, '.cache', 'esbuild-native', `${pkg}-${esbuildVersion}`)
  if (!existsSync(join(cache, 'package', 'package.json'))) {
    mkdirSync(cache, { recursive: true })
    run('npm', ['pack', `@esbuild/${pkg}@${esbuildVersion}`, '--silent', '--pack-destination', cache], { stdio: ['ignore', 'ignore', 'inherit'] })
    const tgz = readdirSync(cache).find((f) => f.endsWith('.tgz'))
    run('tar', ['-xzf', join(cache, tgz), '-C', cache])
  }
  return join(cache, 'package')
}

function stageNative(target) {
  rmSync(native, { recursive: true, force: true })
  mkdirSync(join(native, 'esbuild', 'lib'), { recursive: true })
  mkdirSync(join(native, 'bin'), { recursive: true })
  copyFileSync(join(root, 'node_modules/esbuild/lib/main.js'), join(native, 'esbuild/lib/main.js'))
  writeFileSync(join(native, 'esbuild/package.json'), JSON.stringify({ name: 'esbuild', version: esbuildVersion, main: 'lib/main.js' }) + '\n')
  const pkg = esbuildPackage(TARGETS[target])
  const exe = target.startsWith('win32') ? 'esbuild.exe' : 'esbuild'
  const from = [join(pkg, 'bin', exe), join(pkg, exe)].find(existsSync)
  if (!from) throw new Error(`no ${exe} in ${pkg}`)
  copyFileSync(from, join(native, 'bin', exe))
  chmodSync(join(native, 'bin', exe), 0o755)
}

function pack(out, target) {
  run(vsce, ['package', '--no-dependencies', '--no-rewrite-relative-links', ...(target ? ['--target', target] : []), '--out', out])
  run(process.execPath, ['scripts/types.mjs', '--vsix', out])
}

run(process.execPath, ['scripts/build.mjs', '--production'])
try {
  rmSync(native, { recursive: true, force: true })
  pack('mini-interval.vsix')
  for (const target of targets) {
    stageNative(target)
    pack(`mini-interval-${target}.vsix`, target)
  }
} finally {
  // A later universal build or test must not find a platform's binary in dist/.
  rmSync(native, { recursive: true, force: true })
}
