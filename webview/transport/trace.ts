// The webview's hops of a traced path (miniInterval.trace): when the host marks
// a screen `trace`, the page reports when it received, rendered and painted it;
// while tracing, an answer carries the moment of the Enter or click that sent it.
import type { WebviewToHost } from '../../src/core/protocol'
import { epochNow } from '../../src/core/trace/tracer'

interface Renders {
  updateComplete: Promise<boolean>
}

export interface PaintTrace {
  now(): number
  /** The page posted `ready` (its first screen reports its load). */
  ready(): void
  /** Times screen `seq`, received at `receivedAt`: rendered, then painted, then reported. */
  screen(seq: number | undefined, receivedAt: number): void
  /** The last Enter or click while tracing (epoch ms), if there was one; each is taken once. */
  takeInput(): number | undefined
  dispose(): void
}

/** After the next frame is painted: rAF runs before paint, a message task after it. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel()
      ch.port1.onmessage = () => resolve()
      ch.port2.postMessage(undefined)
    }),
  )
}

/** The page's own load, for its first traced screen: began, bundle arrived (resource timing), ready posted. */
function pageLoad(readyAt: number): { start: number; bundle: number; ready: number } {
  const bundle = performance.getEntriesByType('resource').find((e) => /\/webview\.js(\?|$)/.test(e.name)) as PerformanceResourceTiming | undefined
  return { start: performance.timeOrigin, bundle: performance.timeOrigin + (bundle?.responseEnd ?? 0), ready: readyAt }
}

export function paintTrace(app: Renders, send: (m: WebviewToHost) => void): PaintTrace {
  let tracing = false
  let firstScreen = true
  let input: number | undefined
  // Capture phase: the moment the person acted, before any handler's work (event.timeStamp is on the page's clock).
  const onInput = (e: Event): void => {
    if (tracing && (e.type === 'click' || (e as KeyboardEvent).key === 'Enter')) input = performance.timeOrigin + e.timeStamp
  }
  window.addEventListener('keydown', onInput, true)
  window.addEventListener('click', onInput, true)
  let readyAt: number | undefined
  return {
    now: epochNow,
    ready: () => void (readyAt = epochNow()),
    screen(seq, receivedAt) {
      tracing = true
      void app.updateComplete.then(async () => {
        const rendered = epochNow()
        await afterPaint()
        const page = firstScreen && readyAt !== undefined ? { page: pageLoad(readyAt) } : {}
        firstScreen = false
        send({ type: 'trace', ...(seq !== undefined ? { seq } : {}), hops: [{ name: 'received', t: receivedAt }, { name: 'rendered', t: rendered }, { name: 'painted', t: epochNow() }], ...page })
      })
    },
    takeInput() {
      const at = tracing ? input : undefined
      input = undefined
      return at
    },
    dispose() {
      window.removeEventListener('keydown', onInput, true)
      window.removeEventListener('click', onInput, true)
    },
  }
}

/** While tracing, an answer says when the Enter or click that sent it happened. */
export function tracedPost(post: (m: WebviewToHost) => void, trace: PaintTrace): (m: WebviewToHost) => void {
  return (m) => {
    const at = m.type === 'submit' ? trace.takeInput() : undefined
    post(at !== undefined && m.type === 'submit' ? { ...m, at, sentAt: epochNow() } : m)
  }
}
