// Keeps a server-sent event stream open: when it fails or ends, it tries again
// after a growing delay (1 s, 2 s, 4 s … 30 s), back to 1 s once it is open.
import type { ServerClient, StreamHandlers } from './client'

export const BACKOFF_MS = [1000, 2000, 4000, 8000, 15_000, 30_000]

export const backoffDelay = (failures: number): number => BACKOFF_MS[Math.min(Math.max(failures - 1, 0), BACKOFF_MS.length - 1)]!

export interface FollowHandlers extends StreamHandlers {
  /** The stream failed or ended; the next try is in `retryInMs`. */
  onDown?: (error: Error, retryInMs: number) => void
  /** Whether to try again at all (a transaction that ended need not). */
  shouldRetry?: (error: Error) => boolean
}

export interface Following {
  close(): void
  /** Tries now instead of waiting out the delay. */
  retryNow(): void
}

export function follow(client: Pick<ServerClient, 'stream'>, path: string, handlers: FollowHandlers): Following {
  const ctrl = new AbortController()
  let failures = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let waiting: (() => void) | undefined

  const loop = async (): Promise<void> => {
    while (!ctrl.signal.aborted) {
      let error: Error
      try {
        await client.stream(path, { onData: handlers.onData, onOpen: () => ((failures = 0), handlers.onOpen?.()) }, ctrl.signal)
        if (ctrl.signal.aborted) return
        error = new Error('The server closed the stream.')
      } catch (e) {
        error = e as Error
      }
      if (ctrl.signal.aborted) return
      if (handlers.shouldRetry && !handlers.shouldRetry(error)) return
      failures++
      const delay = backoffDelay(failures)
      handlers.onDown?.(error, delay)
      await new Promise<void>((r) => {
        waiting = r
        timer = setTimeout(r, delay)
      })
      waiting = undefined
    }
  }
  void loop()
  return {
    close() {
      ctrl.abort()
      clearTimeout(timer)
      waiting?.()
    },
    retryNow() {
      clearTimeout(timer)
      waiting?.()
    },
  }
}
