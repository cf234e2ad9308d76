// What the Restate tests share: the endpoint process (endpoint-main.ts), which
// they kill with SIGKILL and start again on the same port, and a client that
// talks to a transaction through Restate's ingress only, as `serve` does.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildRestateTest, WASM } from './build'
import { NODE24, freePort, register } from './server'
import type { Waiting } from '../../src/server/restate/workflow'

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

/** A folder with action files (`<slug>.action.ts`). */
export function actionsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mi-restate-actions-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

export const USER = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }

async function call<T>(ingress: string, path: string, body: unknown, timeoutMs = 30_000): Promise<T> {
  let r: Response
  try {
    r = await fetch(`${ingress}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (e) {
    throw new Error(`${ingress}${path} ${JSON.stringify(body).slice(0, 100)}: ${(e as Error).message}`)
  }
  const text = await r.text()
  if (!r.ok) throw Object.assign(new Error(`${path}: ${r.status} ${text}`), { status: r.status })
  return (text ? JSON.parse(text) : undefined) as T
}

/** A transaction through Restate's ingress. */
export class TxClient {
  constructor(
    public ingress: string,
    readonly id: string,
  ) {}

  /** `service`: 'tx', or the benchmark's bare workflow. */
  service = 'tx'

  start(slug: string, params: Record<string, unknown> = {}): Promise<{ invocationId: string }> {
    return call(this.ingress, `/${this.service}/${this.id}/run/send`, { slug, params, user: USER })
  }

  /** The n-th screen (or the end); pushed by Restate when it is there. */
  next(n: number, timeoutMs?: number): Promise<Waiting> {
    return call(this.ingress, `/${this.service}/${this.id}/next`, { n }, timeoutMs)
  }

  answer(seq: number, values: unknown[], choice?: string): Promise<void> {
    return call(this.ingress, `/${this.service}/${this.id}/answer`, { seq, values, ...(choice !== undefined ? { choice } : {}) })
  }

  /** The workflow's result once it completes. */
  async output(): Promise<unknown> {
    const r = await fetch(`${this.ingress}/restate/workflow/${this.service}/${this.id}/output`)
    if (!r.ok) throw new Error(`output: ${r.status} ${await r.text()}`)
    return r.json()
  }
}
