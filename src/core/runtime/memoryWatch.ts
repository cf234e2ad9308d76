// Watches a worker's memory from the host. V8's heap limit (the Worker's
// resourceLimits) does not count Buffers and ArrayBuffers, and an action that
// allocates them in a loop never yields to a timer of its own, so the host
// polls: the worker's heap statistics where Node has them (≥ 22.16: heap and
// external memory of that thread alone), else this process's resident memory
// growth since the worker started (which counts every thread: a fallback).
import type { Worker } from 'node:worker_threads'

const MB = 1024 * 1024

type HeapStats = { used_heap_size: number; external_memory?: number }
type WithHeapStats = Worker & { getHeapStatistics?(): Promise<HeapStats> }

export interface MemoryWatch {
  stop(): void
}

/** Calls `onExceeded` (once) when the worker uses more than `limitMb`; checks every `intervalMs`. */
export function watchMemory(worker: Worker, limitMb: number, onExceeded: (usedMb: number) => void, intervalMs = 50): MemoryWatch {
  const limit = limitMb * MB
  const stats = (worker as WithHeapStats).getHeapStatistics?.bind(worker)
  const baseline = process.memoryUsage.rss()
  let busy = false
  let done = false
  const check = async (): Promise<void> => {
    if (busy || done) return
    busy = true
    try {
      let used: number
      if (stats) {
        const s = await stats()
        // Without external_memory, the heap alone is what V8's own limit already stops.
        if (s.external_memory === undefined) return
        used = s.used_heap_size + s.external_memory
      } else used = process.memoryUsage.rss() - baseline
      if (used > limit && !done) {
        done = true
        clearInterval(timer)
        onExceeded(Math.round(used / MB))
      }
    } catch {
      // The worker ended between two checks.
    } finally {
      busy = false
    }
  }
  const timer = setInterval(() => void check(), intervalMs)
  timer.unref()
  return {
    stop: () => {
      done = true
      clearInterval(timer)
    },
  }
}
