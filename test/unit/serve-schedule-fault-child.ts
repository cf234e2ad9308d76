// The `serve` serve-schedule-faults.test.ts kills: the real startServer on a
// shared folder, its schedules on a fast clock (a real second is `speed`
// seconds). The clock is the test's: it reads clock.json, where the test
// keeps how much real time to leave out (downtime beyond a grace, while no
// serve was up) and since when the current downtime runs, so a slow restart
// on a loaded machine freezes the clock instead of skipping minutes.
import { readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from '../../src/core/schedules/scheduler'
import { startServer } from '../../src/server/serve'

const [folder, data, dir, dist, fake0, real0, speed, graceMs] = process.argv.slice(2)
let last = { paused: 0, downSince: undefined as number | undefined }
const now = (): number => {
  try {
    last = JSON.parse(readFileSync(join(dir!, 'clock.json'), 'utf8'))
  } catch {
    // being replaced: the last one read
  }
  const real = Date.now()
  const down = last.downSince === undefined ? 0 : Math.max(0, real - last.downSince - Number(graceMs))
  return Number(fake0) + (real - Number(real0) - last.paused - down) * Number(speed)
}
const clock: Clock = {
  now,
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, Math.max(1, Math.ceil(ms / Number(speed))))
    return () => clearTimeout(t)
  },
}
const quiet = { info: () => {}, warn: (l: string) => process.stderr.write(`${l}\n`), error: (l: string) => process.stderr.write(`${l}\n`) }
startServer({ folder: folder!, data: data!, port: 0, dist: dist!, log: quiet, scheduleClock: clock, schedulePollMs: 3_600_000, workerPool: 1 }).then(
  () => writeSync(1, 'ready\n'),
  (e: Error) => {
    process.stderr.write(`serve did not start: ${e.stack}\n`)
    process.exit(3)
  },
)
