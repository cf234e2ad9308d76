// Which esbuild compiles: a platform .vsix's native binary in dist/native/ when
// it is there and runs, esbuild-wasm otherwise (and when the binary is broken),
// each saying which it is.
import { strict as assert } from 'node:assert'
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { compileAction } from '../../src/core/loader/compile'
import { loadEsbuild, nativeEsbuildPaths } from '../../src/core/loader/esbuild'
import { WASM, tempTree } from './helpers'

const req = createRequire(__filename)

/** A dist folder as scripts/package.mjs lays it out, with `binary` as native esbuild (undefined: none). */
function dist(binary?: (file: string) => void): string {
  const dir = tempTree({ 'keep.txt': '' })
  copyFileSync(WASM, join(dir, 'esbuild.wasm'))
  if (binary) {
    const { api, binary: bin } = nativeEsbuildPaths(dir)
    mkdirSync(dirname(api), { recursive: true })
    mkdirSync(dirname(bin), { recursive: true })
    copyFileSync(req.resolve('esbuild/lib/main.js'), api)
    binary(bin)
    chmodSync(bin, 0o755)
  }
  return join(dir, 'esbuild.wasm')
}

describe('native esbuild or wasm', () => {
  const action = () => join(tempTree({ 'a.action.ts': `import { two } from './two'\nexport default async () => two()`, 'two.ts': 'export const two = (): number => 2' }), 'a.action.ts')

  it('compiles with the native binary shipped in dist/native, and says so', async function () {
    if (process.platform !== 'linux' || process.arch !== 'x64') this.skip()
    const lines: string[] = []
    const wasm = dist((bin) => copyFileSync(req.resolve('@esbuild/linux-x64/bin/esbuild'), bin))
    const loaded = await loadEsbuild(wasm, (l) => lines.push(l))
    assert.equal(loaded.kind, 'native')
    assert.match(lines.join('\n'), /^Compiling actions with native esbuild \d+\.\d+\.\d+ /)
    assert.equal(process.env.ESBUILD_BINARY_PATH, undefined, 'the binary path does not leak into the process environment')
    const c = await compileAction(action(), wasm)
    assert.match(c.code, /two/)
  })

  it('makes a binary unpacked without its mode runnable, and uses it', async function () {
    if (process.platform !== 'linux' || process.arch !== 'x64') this.skip()
    const wasm = dist((bin) => copyFileSync(req.resolve('@esbuild/linux-x64/bin/esbuild'), bin))
    chmodSync(nativeEsbuildPaths(dirname(wasm)).binary, 0o644)
    const lines: string[] = []
    assert.equal((await loadEsbuild(wasm, (l) => lines.push(l))).kind, 'native', lines.join('\n'))
  })

  it('uses esbuild-wasm when there is no native binary', async () => {
    const lines: string[] = []
    const wasm = dist()
    assert.equal((await loadEsbuild(wasm, (l) => lines.push(l))).kind, 'wasm')
    assert.deepEqual(lines.map((l) => l.split(' (')[0]!.replace(/\d+\.\d+\.\d+/, 'V')), ['Compiling actions with esbuild-wasm V'])
    assert.match((await compileAction(action(), wasm)).code, /two/)
  })

  it('falls back to esbuild-wasm, saying why, when the native binary cannot run', async () => {
    const lines: string[] = []
    const wasm = dist((bin) => writeFileSync(bin, '#!/bin/sh\nexit 3\n'))
    assert.equal((await loadEsbuild(wasm, (l) => lines.push(l))).kind, 'wasm')
    assert.match(lines[0]!, /^Native esbuild did not start \(.+\); compiling with esbuild-wasm instead$/)
    assert.match(lines[1]!, /^Compiling actions with esbuild-wasm /)
    assert.match((await compileAction(action(), wasm)).code, /two/)
  })
})
