// Loads an action module in a short-lived worker to read its name and
// description, or the reason it cannot be loaded. The module's top-level code
// is workspace code, so it never runs on the host's thread.
import { Worker } from 'node:worker_threads'
import { bundlePath, type CompiledAction } from '../loader/compile'
import type { Access } from '../protocol/access'
import type { ScheduleMode, ScheduleSpec } from '../schedules/spec'
import { workerToHostSchema, type WorkerData, type WorkerToHost } from './workerMessages'

export interface ActionMeta {
  name?: string
  description?: string
  /** Keeps running when its panel closes (default false). */
  backgroundable: boolean
  /** Left out of the Actions tree and Run Action, still runnable by route (default false). */
  unlisted: boolean
  /** Asks before its panel's closing cancels it (default true). */
  warnOnClose: boolean
  /** One running instance: of the action (true), or one per key of its params ('key': see singletonKey). */
  singleton?: boolean | 'key'
  /** Interval's `access` (who `serve` lets run it). */
  access?: Access
  /** Its declared schedules (absent: none), and what a scheduled run does at a prompt. */
  schedules?: ScheduleSpec[]
  scheduleMode?: ScheduleMode
}

export async function inspectAction(workerPath: string, compiled: CompiledAction, timeoutMs = 10_000): Promise<ActionMeta> {
  const m = await inspectInWorker(workerPath, { mode: 'inspect', code: compiled.code, bundleFile: bundlePath(compiled.file) }, timeoutMs)
  if (m.type !== 'meta') throw new Error(`Inspection answered ${m.type} for an action file.`)
  const { name, description, backgroundable, unlisted, warnOnClose, singleton, access, schedules, scheduleMode } = m
  return { name, description, backgroundable, unlisted, warnOnClose, ...(singleton ? { singleton } : {}), ...(access ? { access } : {}), ...(schedules?.length ? { schedules, scheduleMode: scheduleMode ?? 'fail' } : {}) }
}

/** The lock key a singleton action's key function makes of `params` (run in a worker: it is workspace code). */
export async function singletonKey(workerPath: string, compiled: CompiledAction, params: Record<string, unknown>, timeoutMs = 10_000): Promise<string> {
  const tx = { id: 'key', slug: '', params, user: { email: '', firstName: '', lastName: '' }, environment: 'development' }
  const m = await inspectInWorker(workerPath, { mode: 'key', code: compiled.code, bundleFile: bundlePath(compiled.file), tx }, timeoutMs)
  if (m.type !== 'singletonKey') throw new Error(`The singleton key function answered ${m.type}.`)
  return m.key
}

type Inspected = Extract<WorkerToHost, { type: 'meta' | 'routes' | 'needsRoutesDirectory' | 'singletonKey' }>

/** Runs a file's top-level code in a worker and resolves with what it describes; a load error rejects. */
export function inspectInWorker(workerPath: string, data: WorkerData, timeoutMs = 10_000): Promise<Inspected> {
  const worker = new Worker(workerPath, { workerData: data, stdout: true, stderr: true })
  return new Promise<Inspected>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Loading the file took longer than ${timeoutMs / 1000} s (does its top-level code loop?)`)), timeoutMs)
    worker.on('message', (raw) => {
      const m = workerToHostSchema.safeParse(raw)
      if (!m.success) return
      if (m.data.type === 'meta' || m.data.type === 'routes' || m.data.type === 'needsRoutesDirectory' || m.data.type === 'singletonKey') resolve(m.data)
      else if (m.data.type === 'error') reject(Object.assign(new Error(m.data.error.message), { name: m.data.error.name, stack: m.data.error.stack }))
    })
    worker.on('error', reject)
    worker.on('exit', (code) => reject(new Error(`Loading the file stopped (exit code ${code}).`)))
    worker.once('exit', () => clearTimeout(timer))
  }).finally(() => void worker.terminate())
}
