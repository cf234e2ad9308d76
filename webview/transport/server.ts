// The browser's transport to `mini-interval serve`: the host's messages come
// as server-sent events (GET /api/tx/<id>/events, one JSON message per event),
// the person's go out as same-origin fetch POSTs (the cookie carries the
// token), and what the page keeps lives in sessionStorage under the
// transaction's id, so a reload brings back the screen and the typed draft.
import type { WebviewToHost } from '../../src/core/protocol'
import type { Transport } from './types'

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed'

export interface ServerTransportOptions {
  /** Connection changes: the page shows a "reconnecting…" bar while it is not open. */
  onConnection?: (state: ConnectionState) => void
  /** A message the server refused (400), or a stream it will never serve (404, 401). */
  onError?: (message: string) => void
}

export interface ServerTransport extends Transport {
  /** Stops the stream and drops what was not sent. */
  close(): void
}

/** Drafts are sent at most this often: one per keystroke would be a request per keystroke. */
const DRAFT_DELAY_MS = 300
const MAX_BACKOFF_MS = 10_000
/** 404s tried again (0.5 + 1 + 2 + 4 s) before the page says the transaction does not exist. */
const NOT_FOUND_RETRIES = 4
/** Tries of one message the server answers with a transient refusal (about 30 s in all). */
const MAX_RETRIES = 18

export const txStateKey = (id: string): string => `mi-tx:${id}`

export function serverTransport(txId: string, options: ServerTransportOptions = {}): ServerTransport {
  const base = `/api/tx/${encodeURIComponent(txId)}`
  let closed = false
  let connected = false
  /** Messages waiting to go out, in order; a failed POST (server down) stays first until it is back. */
  const queue: WebviewToHost[] = []
  let sending = false
  /** Tries of the message at the head of the queue. */
  let retries = 0
  let pendingDraft: WebviewToHost | undefined
  let draftTimer: ReturnType<typeof setTimeout> | undefined

  const setConnection = (s: ConnectionState): void => options.onConnection?.(s)

  async function pump(): Promise<void> {
    if (sending || closed) return
    sending = true
    try {
      while (queue.length && !closed) {
        const m = queue[0]!
        let res: Response
        try {
          res = await fetch(`${base}/message`, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(m), credentials: 'same-origin',
          })
        } catch {
          // The server is down: keep the message; the stream's reopening sends it.
          if (connected) setTimeout(() => void pump(), 1000)
          return
        }
        // 5xx: a restart in progress. 409 to an answer or a cancel: a restarted serve
        // streams a run from its journal before it has resumed it. Both: try again shortly.
        const transient = (res.status >= 500 && res.status !== 501) || (res.status === 409 && (m.type === 'submit' || m.type === 'cancel'))
        if (transient && retries < MAX_RETRIES) {
          await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** retries++, 2000)))
          continue
        }
        queue.shift()
        retries = 0
        // A draft the server cannot take (the run ended meanwhile) is no news to the person.
        if (!res.ok && m.type !== 'draft') options.onError?.(`The server refused “${m.type}”: ${await errorText(res)}`)
      }
    } finally {
      sending = false
    }
  }

  function enqueue(m: WebviewToHost): void {
    if (closed) return
    queue.push(m)
    void pump()
  }

  function flushDraft(): void {
    if (draftTimer !== undefined) clearTimeout(draftTimer)
    draftTimer = undefined
    if (pendingDraft) enqueue(pendingDraft)
    pendingDraft = undefined
  }

  const post = (m: WebviewToHost): void => {
    // The stream's opening is the server's "ready": it sends the current state then.
    if (m.type === 'ready') return
    if (m.type === 'draft') {
      pendingDraft = m
      if (draftTimer === undefined) draftTimer = setTimeout(flushDraft, DRAFT_DELAY_MS)
      return
    }
    // An answer or a cancel makes the typed draft moot; anything else goes after it, in order.
    if (m.type === 'submit' || m.type === 'cancel') {
      if (draftTimer !== undefined) clearTimeout(draftTimer)
      draftTimer = undefined
      pendingDraft = undefined
    } else flushDraft()
    enqueue(m)
  }

  let source: EventSource | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let backoff = 500
  let notFound = 0

  function open(onMessage: (data: unknown) => void): void {
    if (closed) return
    const es = new EventSource(`${base}/events`)
    source = es
    es.onopen = () => {
      connected = true
      backoff = 500
      notFound = 0
      setConnection('open')
      void pump()
    }
    es.onmessage = (e: MessageEvent<string>) => {
      let data: unknown
      try {
        data = JSON.parse(e.data)
      } catch {
        return console.warn('[mini-interval] dropped an event that is not JSON')
      }
      onMessage(data)
    }
    es.onerror = () => {
      if (closed) return
      connected = false
      setConnection('reconnecting')
      // CONNECTING: the browser retries on its own. CLOSED: the server answered with
      // something else than a stream (a restart's 502, a 404): find out which.
      if (es.readyState === EventSource.CLOSED) void diagnose(onMessage)
    }
  }

  async function diagnose(onMessage: (data: unknown) => void): Promise<void> {
    const ctl = new AbortController()
    let status = 0
    try {
      const res = await fetch(`${base}/events`, { signal: ctl.signal, headers: { accept: 'text/event-stream' }, credentials: 'same-origin' })
      status = res.status
      if (!res.ok) options.onError?.(await errorText(res))
    } catch {
      // Down: try again later.
    } finally {
      ctl.abort()
    }
    if (closed) return
    // Not signed in: no retry helps. Unknown: it may be a transaction that is starting
    // (a workflow's human step is shown before its server can stream it), so a few more tries.
    if (status === 401 || status === 403 || (status === 404 && ++notFound > NOT_FOUND_RETRIES)) {
      setConnection('closed')
      return
    }
    retryTimer = setTimeout(() => open(onMessage), backoff)
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)
  }

  return {
    post,
    listen(onMessage) {
      setConnection('connecting')
      open(onMessage)
      return () => {
        source?.close()
        if (retryTimer !== undefined) clearTimeout(retryTimer)
      }
    },
    getState() {
      try {
        const raw = sessionStorage.getItem(txStateKey(txId))
        return raw ? JSON.parse(raw) : undefined
      } catch {
        return undefined // storage disabled or a corrupt entry: start from the server's state
      }
    },
    setState(state) {
      const text = JSON.stringify(state)
      try {
        sessionStorage.setItem(txStateKey(txId), text)
      } catch {
        // Full (a tab that visited many transactions): keep only this one's.
        try {
          for (const k of Object.keys(sessionStorage)) if (k.startsWith('mi-tx:') && k !== txStateKey(txId)) sessionStorage.removeItem(k)
          sessionStorage.setItem(txStateKey(txId), text)
        } catch (e) {
          console.warn(`[mini-interval] could not keep this transaction's state: ${(e as Error).message}`)
        }
      }
    },
    close() {
      flushDraft()
      closed = true
      source?.close()
      if (retryTimer !== undefined) clearTimeout(retryTimer)
    },
  }
}

/** The server's `{ error }`, or the status line. */
export async function errorText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: unknown }
    if (typeof body.error === 'string') return body.error
  } catch {
    // not JSON
  }
  return `${res.status} ${res.statusText}`.trim()
}
