import { buildSync } from 'esbuild'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '../..')
export const WASM = join(ROOT, 'node_modules/esbuild-wasm/esbuild.wasm')

let worker: string | undefined
/** Bundles the real worker entry once, as scripts/build.mjs does for the extension. */
export function workerPath(): string {
  if (!worker) {
    worker = join(ROOT, 'out/unit/worker.js')
    buildSync({ entryPoints: [join(ROOT, 'src/core/runtime/worker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: worker, minify: true, logLevel: 'error' })
  }
  return worker
}

/** A fresh folder with the given files (paths relative to it). */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mini-interval-'))
  for (const [rel, text] of Object.entries(files)) {
    const p = join(dir, rel)
    mkdirSync(dirname(p), { recursive: true })
    writeFileSync(p, text)
  }
  return dir
}

export const USER = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }
