// Server-sent events: pushes, never polls. A comment line every 20 s keeps
// proxies from closing an idle stream.
import type { ServerResponse } from 'node:http'

export interface EventStream {
  send(data: unknown): void
  readonly closed: boolean
  onClose(f: () => void): void
  /** Ends it from the server's side (the session it was opened with ended). */
  end(): void
}

export function openEventStream(res: ServerResponse, headers: Record<string, string> = {}): EventStream {
  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' })
  res.write('retry: 1000\n\n')
  let closed = false
  const closers: (() => void)[] = []
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 20_000)
  keepAlive.unref()
  res.on('close', () => {
    closed = true
    clearInterval(keepAlive)
    for (const f of closers) f()
  })
  return {
    send(data) {
      if (!closed) res.write(`data: ${JSON.stringify(data)}\n\n`)
    },
    get closed() {
      return closed
    },
    onClose(f) {
      if (closed) f()
      else closers.push(f)
    },
    end() {
      if (!closed) res.end()
    },
  }
}
