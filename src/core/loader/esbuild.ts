// The esbuild that compiles actions. A platform .vsix ships esbuild's native
// binary beside esbuild.wasm (dist/native/, staged by scripts/package.mjs):
// it is used when it is there and starts. Otherwise esbuild's WebAssembly
// build runs in-process, so the universal .vsix works on every platform.
import { accessSync, chmodSync, constants, existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type * as Esbuild from 'esbuild-wasm'

export type EsbuildKind = 'native' | 'wasm'
export interface LoadedEsbuild {
  esbuild: typeof Esbuild
  kind: EsbuildKind
}

const loaded = new Map<string, Promise<LoadedEsbuild>>()

/** Where a platform package keeps native esbuild: its JS API and its binary. */
export function nativeEsbuildPaths(dist: string): { api: string; binary: string } {
  const root = join(dist, 'native')
  return { api: join(root, 'esbuild', 'lib', 'main.js'), binary: join(root, 'bin', process.platform === 'win32' ? 'esbuild.exe' : 'esbuild') }
}

/**
 * Loads esbuild once per dist folder: native when shipped and it answers,
 * else esbuild-wasm from `wasmPath`. `say` hears which one, once.
 */
export function loadEsbuild(wasmPath: string, say?: (line: string) => void): Promise<LoadedEsbuild> {
  let ready = loaded.get(wasmPath)
  if (!ready) {
    ready = pick(wasmPath, say)
    loaded.set(wasmPath, ready)
    ready.catch(() => loaded.delete(wasmPath))
  }
  return ready
}

async function pick(wasmPath: string, say?: (line: string) => void): Promise<LoadedEsbuild> {
  const native = nativeEsbuildPaths(dirname(wasmPath))
  if (existsSync(native.api) && existsSync(native.binary)) {
    try {
      executable(native.binary)
      const esbuild = requireNative(native.api, native.binary)
      // A binary that cannot run here (wrong platform, noexec mount) fails now, not at the first action.
      await esbuild.transform('', {})
      say?.(`Compiling actions with native esbuild ${esbuild.version} (${native.binary})`)
      return { esbuild, kind: 'native' }
    } catch (e) {
      say?.(`Native esbuild did not start (${(e as Error).message.split('\n', 1)[0]}); compiling with esbuild-wasm instead`)
    }
  }
  const esbuild = await loadWasm(wasmPath)
  say?.(`Compiling actions with esbuild-wasm ${esbuild.version} (WebAssembly, in-process)`)
  return { esbuild, kind: 'wasm' }
}

/** An install that unpacked the .vsix without file modes leaves the binary unrunnable: make it runnable. */
function executable(binary: string): void {
  if (process.platform === 'win32') return
  try {
    accessSync(binary, constants.X_OK)
  } catch {
    chmodSync(binary, 0o755)
  }
}

/** esbuild reads ESBUILD_BINARY_PATH as its module loads: set for that moment only, so nothing else (child processes included) inherits it. */
function requireNative(api: string, binary: string): typeof Esbuild {
  const before = process.env.ESBUILD_BINARY_PATH
  process.env.ESBUILD_BINARY_PATH = binary
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(api) as typeof Esbuild
  } finally {
    if (before === undefined) delete process.env.ESBUILD_BINARY_PATH
    else process.env.ESBUILD_BINARY_PATH = before
  }
}

/** esbuild-wasm can be initialised once per process. */
let wasm: Promise<typeof Esbuild> | undefined
function loadWasm(wasmPath: string): Promise<typeof Esbuild> {
  wasm ??= (async () => {
    // The browser build expects a global `self`.
    ;(globalThis as { self?: unknown }).self ??= globalThis
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild-wasm/lib/browser.js') as typeof Esbuild
    await esbuild.initialize({ wasmModule: new WebAssembly.Module(readFileSync(wasmPath)), worker: false })
    return esbuild
  })()
  wasm.catch(() => (wasm = undefined))
  return wasm
}
