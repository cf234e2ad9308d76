// A test client of `mini-interval serve`: its API with the token, and a
// server-sent event stream read line by line (Node's fetch, no browser).
export interface Client {
  base: string
  token: string
  get(path: string, headers?: Record<string, string>): Promise<Response>
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>
  json<T = any>(path: string, body?: unknown): Promise<T>
}

export function client(base: string, token: string): Client {
  const auth = { authorization: `Bearer ${token}` }
  const c: Client = {
    base,
    token,
    get: (path, headers = {}) => fetch(base + path, { headers: { ...auth, ...headers }, redirect: 'manual' }),
    post: (path, body, headers = {}) => fetch(base + path, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), redirect: 'manual' }),
    async json(path, body) {
      const res = body === undefined ? await c.get(path) : await c.post(path, body)
      const text = await res.text()
      if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`)
      return text ? JSON.parse(text) : undefined
    },
  }
  return c
}

/** Events of one SSE stream; `next(pred)` waits for the first (new) one matching. */
export function events(c: Client, path: string) {
  const ctrl = new AbortController()
  const seen: any[] = []
  let wake: (() => void) | undefined
  let ended: Error | undefined
  void (async () => {
    try {
      const res = await fetch(c.base + path, { headers: { authorization: `Bearer ${c.token}` }, signal: ctrl.signal })
      if (!res.ok || !res.body) throw new Error(`${path}: ${res.status}`)
      let buf = ''
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += Buffer.from(chunk).toString('utf8')
        let i
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i)
          buf = buf.slice(i + 2)
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n')
          if (data) seen.push(JSON.parse(data)), wake?.()
        }
      }
      ended = new Error(`${path}: the stream ended`)
    } catch (e) {
      ended = e as Error
    }
    wake?.()
  })()
  let from = 0
  return {
    seen,
    async next<T = any>(pred: (m: any) => boolean, timeoutMs = 20_000): Promise<T> {
      const until = Date.now() + timeoutMs
      for (;;) {
        for (; from < seen.length; from++) if (pred(seen[from])) return seen[from++]
        if (ended && !ctrl.signal.aborted) throw ended
        if (Date.now() > until) throw new Error(`no matching event on ${path} in ${timeoutMs} ms; saw ${JSON.stringify(seen.slice(-3))}`)
        await new Promise<void>((r) => {
          wake = r
          setTimeout(r, 200)
        })
      }
    },
    close: () => ctrl.abort(),
  }
}

/** The prompt a transaction waits at, from its stream. */
export const waitingAt = (label: string) => (m: any) => m.type === 'state' && m.state.status === 'awaiting' && m.state.prompt?.components?.[0]?.label === label

/** A `serve` child process (dist/mini-interval.js), once it printed its ready line. */
export interface ServeProc {
  child: import('node:child_process').ChildProcess
  c: Client
  err: string[]
}

export async function spawnServe(args: string[], node = process.execPath): Promise<ServeProc> {
  const { spawn } = await import('node:child_process')
  const { createInterface } = await import('node:readline')
  const { join } = await import('node:path')
  const child = spawn(node, [join(__dirname, '../../dist/mini-interval.js'), 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const err: string[] = []
  createInterface({ input: child.stderr! }).on('line', (l) => err.push(l))
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err.join('\n')}`)))
  })
  const m = /at (http:\/\/\S+)\/\?token=(\S+)$/.exec(line)
  if (!m) throw new Error(`not the ready line: ${line}`)
  return { child, c: client(m[1]!, decodeURIComponent(m[2]!)), err }
}

/** SIGKILL, and wait for it to be gone. */
export const killServe = (s: ServeProc): Promise<void> => new Promise((r) => (s.child.once('exit', () => r()), s.child.kill('SIGKILL')))

/** The prompt a transaction waits at now, past screen `after` (after a restart: once it has resumed). */
export async function promptOf(c: Client, id: string, after = 0, timeoutMs = 60_000): Promise<{ label: string; seq: number }> {
  const s = events(c, `/api/tx/${id}/events`)
  try {
    const m = await s.next((m) => m.type === 'state' && m.state.status === 'awaiting' && m.state.prompt.seq > after, timeoutMs)
    return { label: m.state.prompt.components[0].label, seq: m.state.prompt.seq }
  } finally {
    s.close()
  }
}
