// Transaction workers, started ahead of need: a pool keeps a few threads that
// have loaded the runtime (the worker bundle, zod, the SDK) and wait for their
// WorkerData, so Run does not wait for a spawn and a module load. A worker
// still runs one transaction and exits: nothing is shared between runs.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import type { WorkerData } from './workerMessages'

/** What a pooled worker is started with instead of its WorkerData (worker.ts reads it). */
export interface PooledStart {
  /** The pool's side channel: the worker says `ready` on it once loaded, and receives its WorkerData on it. */
  pool: MessagePort
}

export interface WorkerPoolOptions {
  workerPath: string
  /** How many workers wait: 1 for a VS Code window, a few for `serve`. */
  size: number
  /** Their memory limit: a transaction with another limit spawns its own worker. Default 1024 (as Transaction). */
  maxMemoryMb?: number
}

interface Waiting {
  worker: Worker
  port: MessagePort
  ready: boolean
  onExit(): void
}

/** Pools by worker bundle: Transaction finds its pool through its workerPath, so no caller passes one along. */
const pools = new Map<string, Set<WorkerPool>>()

/** Pooled workers that die before they are ready, in a row, after which the pool stops refilling (a broken bundle must not spin). */
const MAX_FAILURES = 3

/** The longest a taken worker's start delays the refill (see refillAfterStart). */
const REFILL_AFTER_MS = 100

export class WorkerPool {
  readonly workerPath: string
  readonly size: number
  readonly maxMemoryMb: number
  private readonly waiting: Waiting[] = []
  private failures = 0
  private disposed = false
  private refill?: NodeJS.Immediate
  private readonly readyListeners = new Set<() => void>()

  constructor(opts: WorkerPoolOptions) {
    this.workerPath = opts.workerPath
    this.size = Math.max(0, Math.floor(opts.size))
    this.maxMemoryMb = opts.maxMemoryMb ?? 1024
    let set = pools.get(this.workerPath)
    if (!set) pools.set(this.workerPath, (set = new Set()))
    set.add(this)
    this.fill()
  }

  /** Thread ids of the workers waiting, and how many of them have loaded (for tests and benchmarks). */
  get idle(): { threadIds: number[]; ready: number } {
    return { threadIds: this.waiting.map((w) => w.worker.threadId), ready: this.waiting.filter((w) => w.ready).length }
  }

  /** Resolves once the pool is full of loaded workers (or disposed, or given up on a broken bundle). */
  whenFull(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.disposed || (this.failures >= MAX_FAILURES && this.waiting.length === 0) || (this.waiting.length >= this.size && this.waiting.every((w) => w.ready))) {
          this.readyListeners.delete(check)
          resolve()
        }
      }
      this.readyListeners.add(check)
      check()
    })
  }

  /**
   * A waiting worker, handed `data` to run; undefined if none waits or its
   * memory limit is another one. A loaded one first; one still loading is
   * still ahead of a fresh spawn. The pool refills off the caller's path.
   */
  take(data: WorkerData, maxMemoryMb: number): Worker | undefined {
    if (this.disposed || maxMemoryMb !== this.maxMemoryMb || this.waiting.length === 0) return undefined
    const at = Math.max(0, this.waiting.findIndex((w) => w.ready))
    const [w] = this.waiting.splice(at, 1)
    w.worker.off('exit', w.onExit)
    w.port.removeAllListeners('message')
    w.port.postMessage(data)
    // The worker closes its end once it has the data; ours is dropped with it.
    w.worker.ref()
    this.refillAfterStart(w.worker)
    return w.worker
  }

  /** Stops the waiting workers; transactions already running keep theirs. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    if (this.refill) clearImmediate(this.refill)
    pools.get(this.workerPath)?.delete(this)
    for (const w of this.waiting.splice(0)) {
      w.worker.off('exit', w.onExit)
      w.port.close()
      void w.worker.terminate()
    }
    this.notify()
  }

  /**
   * Spawning costs the host's thread a few ms and a core for the new thread's load: done at
   * once, it delays the very start it made room for. So the pool refills once the taken
   * worker has posted its first message (its first screen, usually), or after REFILL_AFTER_MS.
   */
  private refillAfterStart(worker: Worker): void {
    const refill = (): void => {
      clearTimeout(timer)
      worker.off('message', refill)
      worker.off('exit', refill)
      this.scheduleFill()
    }
    const timer = setTimeout(refill, REFILL_AFTER_MS)
    timer.unref()
    worker.on('message', refill)
    worker.on('exit', refill)
  }

  private scheduleFill(): void {
    if (this.refill || this.disposed) return
    this.refill = setImmediate(() => {
      this.refill = undefined
      this.fill()
    })
    this.refill.unref()
  }

  private fill(): void {
    while (!this.disposed && this.failures < MAX_FAILURES && this.waiting.length < this.size) this.spawn()
  }

  private spawn(): void {
    const { port1, port2 } = new MessageChannel()
    const start: PooledStart = { pool: port2 }
    const worker = new Worker(this.workerPath, {
      workerData: start, transferList: [port2], stdout: true, stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb },
    })
    // A waiting worker does not keep the process alive; a taken one does again (take).
    worker.unref()
    port1.unref()
    const w: Waiting = {
      worker, port: port1, ready: false,
      onExit: () => {
        // Died while waiting (killed, or a bundle that does not load): replaced, unless it keeps failing to load.
        if (!w.ready) this.failures++
        const i = this.waiting.indexOf(w)
        if (i >= 0) this.waiting.splice(i, 1)
        port1.close()
        this.scheduleFill()
        this.notify()
      },
    }
    port1.once('message', () => {
      w.ready = true
      this.failures = 0
      this.notify()
    })
    // An 'error' with no listener would throw in the host; the 'exit' that follows replaces the worker.
    worker.on('error', () => undefined)
    worker.once('exit', w.onExit)
    this.waiting.push(w)
  }

  private notify(): void {
    for (const l of [...this.readyListeners]) l()
  }
}

/**
 * A transaction's worker: one from a pool of `workerPath` with the same
 * memory limit, else a fresh spawn with `data` as its workerData.
 */
export function startWorker(workerPath: string, data: WorkerData, maxMemoryMb: number): Worker {
  for (const pool of pools.get(workerPath) ?? []) {
    const worker = pool.take(data, maxMemoryMb)
    if (worker) return worker
  }
  return new Worker(workerPath, { workerData: data, stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb } })
}
