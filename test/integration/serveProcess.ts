// A `mini-interval serve` child for the integration suites, and the API as a
// browser calls it. `survive` starts it detached, its output in a file: it
// outlives the extension host across a window reload (a piped stdout would die
// with the host, and serve with it).
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as vscode from 'vscode'
import { ServerClient } from '../../src/core/remote/client'
import { EXTENSION_ID, until } from './extension'

/** A one-prompt server action, for the suites that talk to a serve. */
export const SERVER_HELLO = `export default { name: 'Server hello', handler: async (io: any) => 'Hello, ' + (await io.input.text('Your name')) }\n`

export interface Serve {
  child?: ChildProcess
  pid: number
  url: string
  base: string
  token: string
  port: number
}

const READY = /Mini Interval is serving \d+ actions at (http:\/\/[^\s/]+)\/\?token=(\S+)/

function addressOf(out: string, child: ChildProcess | undefined, pid: number): Serve | undefined {
  const m = READY.exec(out)
  if (!m) return undefined
  const base = m[1]!
  return { child, pid, url: `${base}/?token=${m[2]}`, base, token: decodeURIComponent(m[2]!), port: Number(new URL(base).port) }
}

/** Starts `node dist/mini-interval.js serve`, resolving with the address it prints. */
export function startServe(folder: string, data: string, opts: { port?: number; survive?: boolean } = {}): Promise<Serve> {
  const repo = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath
  const args = [join(repo, 'dist', 'mini-interval.js'), 'serve', folder, '--port', String(opts.port ?? 0), '--data', data]
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1', MINI_INTERVAL_TOKEN: '' }
  if (opts.survive) {
    const logFile = join(data, '..', 'serve.log')
    const fd = openSync(logFile, 'w')
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', fd, fd], detached: true })
    closeSync(fd)
    child.unref()
    return until('serve to print its address', () => addressOf(readFileSync(logFile, 'utf8'), undefined, child.pid!), 60_000)
  }
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s: ${out} ${err}`)), 60_000)
    child.stderr!.on('data', (d) => (err += String(d)))
    child.stdout!.on('data', (d) => {
      out += String(d)
      const s = addressOf(out, child, child.pid!)
      if (!s) return
      clearTimeout(timer)
      resolve(s)
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited (${code}): ${err || out}`))
    })
  })
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Kills serve (SIGKILL) and waits until it is gone. */
export async function stopServe(s: Pick<Serve, 'child' | 'pid'> | undefined): Promise<void> {
  if (!s) return
  const child = s.child
  if (child) {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGKILL')
    await exited
    return
  }
  if (!alive(s.pid)) return
  process.kill(s.pid, 'SIGKILL')
  await until(`serve (pid ${s.pid}) to exit`, () => !alive(s.pid), 10_000)
}

/** The API as a browser (or any client) calls it. */
export async function serveApi<T = any>(s: Pick<Serve, 'base' | 'token'>, path: string, body?: unknown): Promise<T> {
  const res = await fetch(s.base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${s.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/** The seq of the screen a server transaction waits at with this label (read from its stream, as a browser page does). */
export async function waitingAt(s: Pick<Serve, 'base' | 'token'>, id: string, label: string): Promise<number> {
  const ctrl = new AbortController()
  const client = new ServerClient(s.base, s.token)
  let seq: number | undefined
  const stream = client.stream(`/api/tx/${id}/events`, {
    onData: (m: any) => {
      if (m.type === 'state' && m.state.status === 'awaiting' && m.state.prompt?.components?.[0]?.label === label) seq = m.state.prompt.seq
    },
  }, ctrl.signal).catch(() => undefined)
  try {
    return await until(`${id} to wait at "${label}"`, () => seq !== undefined && { seq }, 30_000).then((x) => x.seq)
  } finally {
    ctrl.abort()
    await stream
  }
}

/** The server's record of a run once it has `status`. */
export const serverRun = (s: Pick<Serve, 'base' | 'token'>, id: string, status: string) =>
  until(`server run ${id} to be ${status}`, async () => {
    const m = await serveApi(s, `/api/history/${id}`)
    return m.entry.status === status ? m.entry : undefined
  }, 30_000)
