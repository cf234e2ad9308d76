// esbuild's WebAssembly build, run in-process so one universal .vsix works on
// every platform (the native `esbuild` package ships per-platform binaries).
import { readFileSync } from 'node:fs'
import type * as Esbuild from 'esbuild-wasm'

let ready: Promise<typeof Esbuild> | undefined

/** Loads and initialises esbuild-wasm once; `wasmPath` points at esbuild.wasm. */
export function loadEsbuild(wasmPath: string): Promise<typeof Esbuild> {
  ready ??= (async () => {
    // The browser build expects a global `self`.
    ;(globalThis as { self?: unknown }).self ??= globalThis
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild-wasm/lib/browser.js') as typeof Esbuild
    const wasmModule = new WebAssembly.Module(readFileSync(wasmPath))
    await esbuild.initialize({ wasmModule, worker: false })
    return esbuild
  })()
  ready.catch(() => (ready = undefined))
  return ready
}
