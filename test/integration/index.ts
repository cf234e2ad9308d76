// Entry of the integration suite, loaded by VS Code inside the extension host
// (as `extensionTestsPath`, by scripts/test-integration.mjs through code-server
// or by test/integration/electron.mjs through @vscode/test-electron).
//
// Phases (MINI_INTERVAL_TEST_PHASE, else the UI bridge's `state.phase`, else main):
//   main        *.test.js except *.reload.test.js / *.restricted.test.js
//   reload      *.reload.test.js      — after a window reload, same user data
//   crash       *.crash.test.js       — then the runner kills the extension host (SIGKILL)
//   aftercrash  *.aftercrash.test.js  — in the window opened again after that crash
//   restricted  *.restricted.test.js  — untrusted workspace, fresh user data
//
// Mocha's spec output goes to the extension host's console and, when a UI bridge
// is configured, line by line to the runner's terminal (`log` op); the counts go
// to the runner as a `report` op so it can print the total over all phases.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { format } from 'node:util'
import { ui } from './ui'

// mocha 11 exports the constructor itself; mocha 12 an object with `Mocha`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mochaModule = require('mocha')
const Mocha: typeof import('mocha') = mochaModule.Mocha ?? mochaModule

/** A test file `x.<phase>.test.js` belongs to that phase; any other `*.test.js` to main. */
export const PHASES = ['main', 'reload', 'crash', 'aftercrash', 'restricted', 'vsix', 'benchwarm', 'bench', 'benchbig'] as const
export type Phase = (typeof PHASES)[number]

export function filesOfPhase(files: string[], phase: Phase): string[] {
  const phaseOf = (f: string): string => PHASES.find((p) => p !== 'main' && f.endsWith(`.${p}.test.js`)) ?? 'main'
  // MINI_INTERVAL_TEST_FILES (the runner's --files=a,b): only files whose name starts with one of these.
  const only = process.env.MINI_INTERVAL_TEST_FILES?.split(',').map((x) => x.trim()).filter(Boolean)
  return files.filter((f) => f.endsWith('.test.js') && phaseOf(f) === phase && (!only?.length || only.some((o) => f.startsWith(o))))
}

async function currentPhase(): Promise<Phase> {
  let phase = process.env.MINI_INTERVAL_TEST_PHASE
  if (!phase && ui.available) phase = (await ui.state()).phase
  phase ??= 'main'
  if (!(PHASES as readonly string[]).includes(phase)) throw new Error(`unknown test phase "${phase}"`)
  return phase as Phase
}

export async function run(): Promise<void> {
  const phase = await currentPhase()

  // Forward every line the reporter prints to the runner's terminal, in order.
  // (console.* of the extension host cannot be wrapped: VS Code defines those
  // methods with a no-op setter. They reach the browser console, which the
  // code-server runner saves to test-output/integration/browser-console.log.)
  let forwarded: Promise<unknown> = Promise.resolve()
  const forward = (text: string) => {
    forwarded = forwarded.then(() => ui.op('log', { text })).catch(() => undefined)
  }
  const Base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void }
  const consoleLog = Base.consoleLog
  if (ui.available) {
    Base.consoleLog = (...args: unknown[]) => {
      consoleLog(...args)
      forward(format(...args))
    }
  }

  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' })
  // A failed test leaves a picture of the workbench: test-output/screenshots/failed-<phase>-<test>.png
  if (ui.available) {
    mocha.suite.afterEach(async function () {
      const t = this.currentTest
      if (t?.state !== 'failed') return
      const name = `failed-${phase}-${t.fullTitle()}`.replace(/[^\w-]+/g, '-').slice(0, 120)
      const path = await ui.screenshot(name).catch((e: Error) => `(none: ${e.message})`)
      Base.consoleLog(`      screenshot: ${path}`)
    })
  }
  const files = filesOfPhase(readdirSync(__dirname).sort(), phase)
  for (const f of files) mocha.addFile(join(__dirname, f))
  Base.consoleLog(`[mini-interval] phase ${phase}: ${files.length} file(s): ${files.join(', ') || '(none)'}`)

  try {
    const result = await new Promise<{ passed: number; failed: number; pending: number; failures: { title: string; error: string }[] }>(
      (resolve, reject) => {
        try {
          const failures: { title: string; error: string }[] = []
          const runner = mocha.run(() => {
            const s = runner.stats
            resolve({ passed: s?.passes ?? 0, failed: s?.failures ?? failures.length, pending: s?.pending ?? 0, failures })
          })
          runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: String(err?.message ?? err) }))
        } catch (e) {
          reject(e)
        }
      },
    )
    if (files.length === 0) {
      result.failed += 1
      result.failures.push({ title: `phase ${phase}`, error: 'no test files found' })
    }
    await forwarded
    if (ui.available) await ui.op('report', { phase, ...result }).catch(() => undefined)
    if (result.failed > 0) throw new Error(`${result.failed} test(s) failed in phase ${phase}`)
  } finally {
    await forwarded
    Base.consoleLog = consoleLog
  }
}
