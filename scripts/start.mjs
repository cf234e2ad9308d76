// `npm start`: builds and packages the extension (`npm run package`), installs
// mini-interval.vsix into a code-server whose state lives in .cache/start/ (the
// way a user installs a .vsix), and serves examples/ on http://127.0.0.1:PORT
// until Ctrl-C, which stops code-server and everything it started.
// examples/ is this repository's own code, so it opens trusted (code-server
// shows only a banner, not VS Code's trust prompt, so a fresh profile would
// otherwise sit in Restricted Mode, where no action runs).
//   node scripts/start.mjs [--vsix=PATH]   (--vsix: install PATH, skip packaging)
import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { installExtension, root, startCodeServer } from './lib/code-server.mjs'

const run = (cmd, args) => {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' })
  } catch {
    console.error(`[start] \`${cmd} ${args.join(' ')}\` failed`)
    process.exit(1)
  }
}
const vsixArg = process.argv.find((a) => a.startsWith('--vsix='))?.slice(7)

run('bash', ['scripts/setup-test-env.sh'])
let vsix = vsixArg && resolve(vsixArg)
if (!vsix) {
  run('npm', ['run', 'package'])
  vsix = join(root, 'mini-interval.vsix')
}
const dir = join(root, '.cache/start')
console.log(`[start] installing ${vsix} into ${dir}`)
console.log(installExtension(dir, vsix))

const workspace = join(root, 'examples')
const cs = await startCodeServer({ dir, workspace, testDriver: false, disableWorkspaceTrust: true })
console.log(`\n[start] Mini Interval in VS Code: ${cs.url}/?folder=${encodeURIComponent(workspace)}`)
console.log(`[start] code-server log: ${cs.logFile}\n[start] Ctrl-C to stop`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  console.log('\n[start] stopping code-server')
  await cs.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
setInterval(() => {
  if (cs.exited && !stopping) {
    console.error(`[start] code-server exited (${JSON.stringify(cs.exited)}); see ${cs.logFile}`)
    process.exit(1)
  }
}, 1000)
