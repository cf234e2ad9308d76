// V8's code cache for the worker runtime. Every transaction runs in a new
// thread, which would parse the runtime bundle and compile each of its
// functions again the first time it runs (a first answer took ~10 ms of that).
// The boot (workerBoot.ts) compiles the bundle with the cache kept beside it;
// a worker that finds none (or a stale one) saves it once it has been through
// a screen and an answer, so the cache holds those functions compiled too.
import Module from 'node:module'
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { Script } from 'node:vm'
import { threadId } from 'node:worker_threads'

const SAVE = Symbol.for('mini-interval.saveCodeCache')
const SUFFIX = '.v8cache'

/**
 * Runs `file` (a CommonJS bundle of Node built-ins only) through the code cache
 * beside it. The cache's name carries the bundle's size and time and Node's
 * version: a rebuilt bundle or another Node never reads an old one (V8 itself
 * checks only the source's length).
 */
export function runWithCodeCache(file: string, require: NodeJS.Require): void {
  const source = readFileSync(file, 'utf8')
  const { size, mtimeMs } = statSync(file)
  const cacheFile = `${file}.${size}-${Math.floor(mtimeMs)}.${process.version}-${process.arch}${SUFFIX}`
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // none yet
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData })
  if (!cachedData || script.cachedDataRejected) {
    ;(globalThis as Record<symbol, unknown>)[SAVE] = () => save(script, file, cacheFile)
  }
  const module = { exports: {} }
  ;(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, file, dirname(file))
}

function save(script: Script, file: string, cacheFile: string): void {
  delete (globalThis as Record<symbol, unknown>)[SAVE]
  try {
    // Written whole then renamed: a worker reading it never sees half a file.
    const temp = `${cacheFile}.${process.pid}-${threadId}.tmp`
    writeFileSync(temp, script.createCachedData())
    renameSync(temp, cacheFile)
    // Caches of earlier builds of this bundle go (another Node's, of this build, stays: both may be in use).
    const dir = dirname(cacheFile)
    const [name, build] = [basename(file), basename(cacheFile).slice(basename(file).length + 1).split('.')[0]]
    for (const f of readdirSync(dir)) if (f.startsWith(`${name}.`) && f.endsWith(SUFFIX) && !f.startsWith(`${name}.${build}.`)) unlinkSync(join(dir, f))
  } catch {
    // A read-only install (a global npm package): workers compile as before.
  }
}

/**
 * In the runtime: saves the code cache if this worker's boot asked for one (once).
 * Called just after a screen is posted, while the person reads it; at once, not on a
 * later turn: the host's next messages (an answer, its acknowledgement, the end and
 * the thread stopped) may all come in one drain of the port, before that turn.
 */
export function saveCodeCache(): void {
  const f = (globalThis as Record<symbol, unknown>)[SAVE]
  if (typeof f === 'function') (f as () => void)()
}
