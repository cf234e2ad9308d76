// An action that runs one at a time (`singleton: true`, or a key function of
// its params) takes a lock in the engine before it starts.
import type { DurableEngine, Lock } from '../durable/engine'
import type { CompiledAction } from '../loader/compile'
import { singletonKey } from '../runtime/inspect'
import type { RunnableEntry } from './runnable'

export interface SingletonDeps<T> {
  engine: DurableEngine
  workerPath: string
  /** This host's lease id: the lock's owner. */
  owner: string | undefined
  user: string
  /** A transaction this host runs, by id. */
  running(id: string): T | undefined
  /** Where another holder runs, for the message: "another VS Code window". */
  elsewhere: string
}

/** No lock needed (undefined), the lock taken, or this host's transaction that holds it; held elsewhere: an Error that says by whom. */
export async function singletonLock<T>(entry: RunnableEntry, compiled: CompiledAction, params: Record<string, unknown>, id: string, deps: SingletonDeps<T>): Promise<Lock | { running: T } | undefined> {
  if (!entry.singleton) return undefined
  const key = entry.singleton === 'key' ? `${entry.slug}:${await singletonKey(deps.workerPath, compiled, params)}` : entry.slug
  const got = deps.engine.lock(key, deps.owner, { tx: id, user: deps.user })
  if ('release' in got) return got
  const mine = got.heldBy.tx ? deps.running(got.heldBy.tx) : undefined
  if (mine) return { running: mine }
  const since = new Date(got.heldBy.since).toLocaleTimeString()
  throw new Error(`${entry.name ?? entry.slug} runs one at a time, and it is already running in ${deps.elsewhere} (started by ${got.heldBy.user ?? 'someone'} at ${since}).`)
}
