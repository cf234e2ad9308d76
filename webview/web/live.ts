// GET /api/events: the server's pushes for lists (`actions` changed, a
// transaction started or changed status). One EventSource for the page,
// shared by whatever page element listens; lists refetch on these events.
import { reportConnection } from './connection'

export type LiveEvent =
  | { type: 'actions' }
  | { type: 'tx'; id: string; status: string }
  | { type: 'inbox' }
  | { type: 'schedules' }
  /** A notification for the signed-in person (ctx.notify, a schedule's notify). */
  | { type: 'notify'; id: string; message: string; title?: string; at: string; tx?: string }

const listeners = new Set<(e: LiveEvent) => void>()
let source: EventSource | undefined
let retry: ReturnType<typeof setTimeout> | undefined
/** Set after the first open: a later open means events may have been missed, so lists refetch. */
let wasOpen = false

function open(): void {
  const es = new EventSource('/api/events')
  source = es
  es.onopen = () => {
    reportConnection('live', 'open')
    // Anything may have changed while the stream was down (a serve restart): refetch.
    if (wasOpen) for (const l of listeners) l({ type: 'actions' })
    wasOpen = true
  }
  es.onmessage = (e: MessageEvent<string>) => {
    let data: LiveEvent
    try {
      data = JSON.parse(e.data) as LiveEvent
    } catch {
      return
    }
    for (const l of listeners) l(data)
  }
  es.onerror = () => {
    reportConnection('live', 'reconnecting')
    // A CLOSED stream (the server answered with an error page) is not retried by the browser.
    if (es.readyState === EventSource.CLOSED && listeners.size) retry = setTimeout(open, 2000)
  }
}

/** Calls `fn` with each event; returns the unsubscribe (the stream closes with its last listener). */
export function subscribeLive(fn: (e: LiveEvent) => void): () => void {
  listeners.add(fn)
  if (!source) open()
  return () => {
    listeners.delete(fn)
    if (listeners.size) return
    source?.close()
    source = undefined
    wasOpen = false
    if (retry !== undefined) clearTimeout(retry)
    reportConnection('live', 'gone')
  }
}
