// What the Restate tests share: the endpoint process (endpoint-main.ts), which
// they kill with SIGKILL and start again on the same port, a client that
// talks to a transaction through Restate's ingress only, as `serve` does, and
// the hooks of a suite of `serve`s behind one Restate.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildRestateTest, WASM } from './build'
import { NODE24, freePort, register, startRestate, type RestateNode } from './server'
import { killServe, type ServeProc } from '../unit/serve-client'
import type { Waiting } from '../../src/server/restate/workflow'
import { RestateTx } from '../../src/server/restate/client'

export interface EndpointProc {
  port: number
  url: string
  proc: ChildProcess
  output: () => string
  kill(): Promise<void>
  start(): Promise<void>
}

/** An endpoint serving `dir`'s actions; registered with `admin` once started. */
export async function startEndpointProc(dir: string, admin?: string, port?: number, which: 'endpoint' | 'bare' = 'endpoint', env: Record<string, string> = {}): Promise<EndpointProc> {
  const built = buildRestateTest()
  const { worker } = built
  const endpoint = built[which]
  port ??= await freePort()
  let out = ''
  const ep: EndpointProc = {
    port, url: `http://127.0.0.1:${port}`, proc: undefined as unknown as ChildProcess,
    output: () => out,
    async kill() {
      if (ep.proc.exitCode !== null || ep.proc.signalCode !== null) return
      const gone = new Promise((r) => ep.proc.once('exit', r))
      ep.proc.kill('SIGKILL')
      await gone
    },
    async start() {
      const p = spawn(NODE24, ['--enable-source-maps', endpoint], {
        env: { ...process.env, MI_ENDPOINT_PORT: String(port), MI_ACTIONS_DIR: dir, MI_WORKER: worker, MI_WASM: WASM, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      ep.proc = p
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`endpoint did not listen in 20 s:\n${out}`)), 20_000)
        p.stdout!.on('data', (d: Buffer) => {
          out += d
          if (/listening \d+/.test(out)) (clearTimeout(t), resolve())
        })
        p.stderr!.on('data', (d: Buffer) => (out += d))
        p.once('exit', (code, sig) => (clearTimeout(t), reject(new Error(`endpoint exited (${code ?? sig}):\n${out}`))))
      })
      p.removeAllListeners('exit')
    },
  }
  await ep.start()
  if (admin) await register(admin, ep.url)
  return ep
}

/**
 * Mocha hooks for a suite of `serve`s behind one Restate: starts Restate, gives the serves the suite
 * spawns one answer key (serves behind one Restate share it), and after the suite kills those in `procs`
 * still running, puts the key back and stops Restate.
 */
export function servesBehindRestate(): { restate: RestateNode; procs: ServeProc[] } {
  const suite = { restate: undefined as unknown as RestateNode & { cleanup(): Promise<void> }, procs: [] as ServeProc[] }
  const key = process.env.MINI_INTERVAL_ANSWER_KEY
  before(async () => {
    suite.restate = await startRestate()
    process.env.MINI_INTERVAL_ANSWER_KEY = randomBytes(32).toString('base64')
  })
  after(async () => {
    if (key === undefined) delete process.env.MINI_INTERVAL_ANSWER_KEY
    else process.env.MINI_INTERVAL_ANSWER_KEY = key
    for (const p of suite.procs) if (p.child.exitCode === null && p.child.signalCode === null) await killServe(p)
    await suite.restate?.cleanup()
  })
  return suite
}

/** Tries `f` again while Restate cannot be reached or is starting (no status, 502/503/504), for up to `ms`. */
export async function whileDown<T>(f: () => Promise<T>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    try {
      return await f()
    } catch (e) {
      const status = (e as { status?: number }).status
      if ((status !== undefined && ![502, 503, 504].includes(status)) || Date.now() > end) throw e
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}

/** A folder with action files (`<slug>.action.ts`). */
export function actionsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mi-restate-actions-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

export const USER = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }

/** A transaction through Restate's ingress (src/server/restate/client.ts), with the tests' user and argument shapes. */
export class TxClient {
  readonly tx: RestateTx
  constructor(ingress: string, id: string) {
    this.tx = new RestateTx(ingress, id)
  }
  get id(): string {
    return this.tx.id
  }
  get ingress(): string {
    return this.tx.ingress
  }
  set ingress(url: string) {
    this.tx.ingress = url
  }
  set service(name: string) {
    this.tx.service = name
  }
  start(slug: string, params: Record<string, unknown> = {}, lock?: string): Promise<{ invocationId?: string; existed: boolean }> {
    return this.tx.start(slug, params, USER, lock)
  }
  next(n: number, timeoutMs?: number): Promise<Waiting> {
    return this.tx.next(n, timeoutMs)
  }
  answer(seq: number, values: unknown[], choice?: string, idempotencyKey?: string): Promise<void> {
    return this.tx.answer({ seq, values, ...(choice !== undefined ? { choice } : {}) }, undefined, idempotencyKey)
  }
  output(): Promise<unknown> {
    return this.tx.output()
  }
}
