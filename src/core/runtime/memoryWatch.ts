// Watches a worker's memory from the host. V8's heap limit (the Worker's
// resourceLimits) does not count Buffers and ArrayBuffers, and an action that
// allocates them in a loop never yields to a timer of its own, so the host
// polls: the worker's heap statistics where Node has them (≥ 22.16: heap and
// external memory of that thread alone). Older Node has no per-thread figure
// the host can read: the worker checks itself on a timer (watchOwnMemory),
// and the host stops it only when the whole process has grown by twice the
// limit (other threads grow it too, so the margin avoids blaming this one).
import type { Worker } from 'node:worker_threads'
import type { ErrorInfo } from '../protocol'

const MB = 1024 * 1024

export function memoryLimitError(limitMb: number, usedMb?: number): ErrorInfo {
  return {
    name: 'MemoryLimitError',
    message:
      `The action ${usedMb ? `used ${usedMb} MB of memory` : 'ran out of memory'}: its limit is ${limitMb} MB, so it was stopped. ` +
      'Raise the setting miniInterval.actions.maxMemoryMb to allow more.',
  }
}

/** In the worker: reports (once) when this thread's heap and Buffers exceed the limit, while it yields to timers. */
export function watchOwnMemory(limitMb: number, onExceeded: (usedMb: number) => void, intervalMs = 100): void {
  const timer = setInterval(() => {
    const m = process.memoryUsage() // heapUsed and external are this thread's; external includes its ArrayBuffers
    const used = m.heapUsed + m.external
    if (used > limitMb * MB) {
      clearInterval(timer)
      onExceeded(Math.round(used / MB))
    }
  }, intervalMs)
  timer.unref()
}

type HeapStats = { used_heap_size: number; external_memory?: number }
type WithHeapStats = Worker & { getHeapStatistics?(): Promise<HeapStats> }

export interface MemoryWatch {
  stop(): void
}

/**
 * Every watch checks on one shared timer: with many transactions (serve), a timer and an
 * rss read each every 50 ms kept the host's thread busy; rss is the process's, so one read
 * a tick serves them all.
 */
const CHECK_MS = 50
const checks = new Set<(rss: () => number) => void>()
let ticker: NodeJS.Timeout | undefined
/** The last tick's rss: a new watch's baseline while the ticker runs (a read costs more with every thread the process has). */
let lastRss: number | undefined

function tick(): void {
  lastRss = undefined
  const readRss = (): number => (lastRss ??= process.memoryUsage.rss())
  for (const check of checks) check(readRss)
}

function addCheck(check: (rss: () => number) => void): () => void {
  checks.add(check)
  if (!ticker) (ticker = setInterval(tick, CHECK_MS)).unref()
  return () => {
    checks.delete(check)
    if (checks.size === 0 && ticker) (clearInterval(ticker), (ticker = undefined), (lastRss = undefined))
  }
}

/** Calls `onExceeded` (once) when the worker uses more than `limitMb`; checks every 50 ms. */
export function watchMemory(worker: Worker, limitMb: number, onExceeded: (usedMb: number) => void): MemoryWatch {
  const limit = limitMb * MB
  const stats = (worker as WithHeapStats).getHeapStatistics?.bind(worker)
  // Only the rss check (no per-thread statistics) needs a baseline.
  const baseline = stats ? 0 : (lastRss ?? process.memoryUsage.rss())
  let busy = false
  let done = false
  const exceeded = (used: number): void => {
    if (done) return
    done = true
    remove()
    onExceeded(Math.round(used / MB))
  }
  const check = (rss: () => number): void => {
    if (busy || done) return
    if (!stats) {
      const used = rss() - baseline
      if (used > 2 * limit) exceeded(used)
      return
    }
    busy = true
    stats().then(
      // Without external_memory, the heap alone is what V8's own limit already stops.
      (s) => void (s.external_memory !== undefined && s.used_heap_size + s.external_memory > limit && exceeded(s.used_heap_size + s.external_memory)),
      () => undefined, // the worker ended between two checks
    ).finally(() => (busy = false))
  }
  const remove = addCheck(check)
  return {
    stop: () => {
      done = true
      remove()
    },
  }
}
