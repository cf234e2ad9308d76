// Loads an action module in a short-lived worker to read its name and
// description, or the reason it cannot be loaded. The module's top-level code
// is workspace code, so it never runs on the host's thread.
import { Worker } from 'node:worker_threads'
import { bundlePath, type CompiledAction } from '../loader/compile'
import { workerToHostSchema, type WorkerData } from './workerMessages'

export interface ActionMeta {
  name?: string
  description?: string
  /** Keeps running when its panel closes (default false). */
  backgroundable: boolean
  /** Left out of the Actions tree and Run Action, still runnable by route (default false). */
  unlisted: boolean
  /** Asks before its panel's closing cancels it (default true). */
  warnOnClose: boolean
}

export function inspectAction(workerPath: string, compiled: CompiledAction, timeoutMs = 10_000): Promise<ActionMeta> {
  const data: WorkerData = { mode: 'inspect', code: compiled.code, bundleFile: bundlePath(compiled.file) }
  const worker = new Worker(workerPath, { workerData: data, stdout: true, stderr: true })
  return new Promise<ActionMeta>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Loading the file took longer than ${timeoutMs / 1000} s (does its top-level code loop?)`)), timeoutMs)
    worker.on('message', (raw) => {
      const m = workerToHostSchema.safeParse(raw)
      if (!m.success) return
      if (m.data.type === 'meta') {
        const { name, description, backgroundable, unlisted, warnOnClose } = m.data
        resolve({ name, description, backgroundable, unlisted, warnOnClose })
      }
      else if (m.data.type === 'error') reject(Object.assign(new Error(m.data.error.message), { name: m.data.error.name, stack: m.data.error.stack }))
    })
    worker.on('error', reject)
    worker.on('exit', (code) => reject(new Error(`Loading the file stopped (exit code ${code}).`)))
    worker.once('exit', () => clearTimeout(timer))
  }).finally(() => void worker.terminate())
}
