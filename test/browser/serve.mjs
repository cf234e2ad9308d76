// Starts a real `mini-interval serve` (dist/mini-interval.js, built by
// scripts/build.mjs) as a child process on 127.0.0.1, on a copy of examples/,
// and waits for its one ready line. kill() can SIGKILL it mid-run; start()
// again on the same port and data folder is a restart.
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const root = resolve(import.meta.dirname, '../..')

/** A copy of examples/ (the tests write files and the actions write their JSON data) with extra files. */
export function exampleFolder(extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mi-browser-'))
  const folder = join(dir, 'actions')
  cpSync(join(root, 'examples'), folder, { recursive: true, filter: (src) => !/[\\/](node_modules|\.mini-interval)$/.test(src) })
  for (const [rel, text] of Object.entries(extra)) {
    mkdirSync(join(folder, rel, '..'), { recursive: true })
    writeFileSync(join(folder, rel), text)
  }
  return { dir, folder, data: join(dir, 'data') }
}

export async function freePort() {
  const s = createServer()
  await new Promise((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address()
  await new Promise((r) => s.close(r))
  return port
}

/** One serve process; `start()` (again) runs it on the same port, data and token. */
export function serve({ folder, data, port, token = `test-${process.pid}-${Date.now()}` }) {
  let child
  let output = ''
  const self = {
    token, port, origin: `http://127.0.0.1:${port}`,
    get output() { return output },
    async start() {
      output = ''
      child = spawn(process.execPath, [join(root, 'dist/mini-interval.js'), 'serve', folder, '--port', String(port), '--data', data], {
        env: { ...process.env, MINI_INTERVAL_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'],
      })
      const ready = new Promise((resolveReady, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not print its URL in 60 s:\n${output}`)), 60_000)
        const onData = (d) => {
          output += d
          const m = /Mini Interval is serving (\d+) actions at (\S+)/.exec(output)
          if (m) { clearTimeout(timer); resolveReady({ actions: Number(m[1]), url: m[2] }) }
        }
        child.stdout.on('data', onData)
        child.stderr.on('data', onData)
        child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited (${code}) before it was ready:\n${output}`)) })
      })
      const r = await ready
      self.url = r.url
      self.actions = r.actions
      return r
    },
    /** SIGKILL by default: nothing gets to clean up, as in a crash. */
    async kill(signal = 'SIGKILL') {
      if (!child || child.exitCode !== null || child.signalCode) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill(signal)
      await exited
    },
    /** The server's API with the token, as a client other than the page. */
    async api(path, init = {}) {
      const res = await fetch(self.origin + path, { ...init, headers: { authorization: `Bearer ${token}`, origin: self.origin, ...(init.headers ?? {}) } })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : undefined }
    },
  }
  return self
}
