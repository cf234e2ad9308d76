// The sign-in check's cost per request (issue 13): GET /api/ping with a
// person's session (hashed, looked up among 1,000 people, expiry and removal
// checked) against the same no-op request with serve's bootstrap token on a
// server without people (a constant-time token compare only), both in this
// process, in alternating rounds (the machine is shared and noisy).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PeopleStore } from '../src/server/people/store'
import { startServer, type RunningServer } from '../src/server/serve'

const quiet = { info() {}, warn() {}, error() {} }
const PEOPLE = 1000
const ROUNDS = 10
const PER_ROUND = 300

function folder(): { folder: string; data: string } {
  const root = mkdtempSync(join(tmpdir(), 'mi-bench-people-'))
  mkdirSync(join(root, 'f'))
  writeFileSync(join(root, 'f', 'hello.action.ts'), `export default async (io: any) => io.input.text('Name')\n`)
  return { folder: join(root, 'f'), data: join(root, 'data') }
}

async function start(dirs: { folder: string; data: string }): Promise<RunningServer> {
  return startServer({ ...dirs, port: 0, dist: 'dist', log: quiet, env: { MINI_INTERVAL_TOKEN: 'bench-bootstrap-token-0123456789abcdef' }, workerPool: 0 })
}

async function perRequest(url: string, token: string, n: number): Promise<number> {
  const headers = { authorization: `Bearer ${token}` }
  const t = performance.now()
  for (let i = 0; i < n; i++) {
    const res = await fetch(url, { headers })
    if (res.status !== 204) throw new Error(`${url}: ${res.status} ${await res.text()}`)
  }
  return (performance.now() - t) / n
}

async function main(): Promise<void> {
  const plain = await start(folder())
  const peopleDirs = folder()
  const store = new PeopleStore(peopleDirs.data)
  let link = ''
  for (let i = 0; i < PEOPLE; i++) link = store.add({ email: `p${i}@example.com`, role: i === 0 ? 'admin' : 'member', teams: [] }).link
  const withPeople = await start(peopleDirs)
  const signed = await fetch(`${withPeople.url}api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) })
  const { token: session } = (await signed.json()) as { token: string }
  const base = { noop: [] as number[], session: [] as number[] }
  await perRequest(`${plain.url}api/ping`, 'bench-bootstrap-token-0123456789abcdef', 200) // warm-up
  await perRequest(`${withPeople.url}api/ping`, session, 200)
  for (let r = 0; r < ROUNDS; r++) {
    base.noop.push(await perRequest(`${plain.url}api/ping`, 'bench-bootstrap-token-0123456789abcdef', PER_ROUND))
    base.session.push(await perRequest(`${withPeople.url}api/ping`, session, PER_ROUND))
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const noop = median(base.noop)
  const sess = median(base.session)
  console.log(`\nSign-in check per request (${ROUNDS} rounds of ${PER_ROUND}, median of rounds)`)
  console.log('| figure | per request | ratio |\n|---|---|---|')
  console.log(`| no-op request (GET /api/ping, bootstrap token, no people) | ${(noop * 1000).toFixed(0)} µs | 1× |`)
  console.log(`| the same with a person's session (${PEOPLE.toLocaleString('en-US')} people) | ${(sess * 1000).toFixed(0)} µs | ${(sess / noop).toFixed(2)}× |`)
  await plain.close()
  await withPeople.close()
}

void main().catch((e) => {
  console.error(e)
  process.exit(1)
})
