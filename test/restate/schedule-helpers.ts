// What the schedule tests on Restate share: their actions, and Restate's
// view of a schedule's runs (its SQL introspection API).
import { sql } from './introspect'

export const TICK = `import { appendFileSync } from 'node:fs'
export default async (io, ctx) => {
  await ctx.run('mark', async () => appendFileSync(ctx.params.file, ctx.user.email + '\\n'))
  return 'ticked'
}`
export const ASK = `export default async (io) => 'hello ' + (await io.input.text('Who is there'))`

export const quiet = { info: () => undefined, warn: (m: string) => console.log(m), error: (m: string) => console.log(m) }

/** The scheduled runs Restate holds of schedule `id` (workflow keys), and their invocations' status. */
export async function runsOf(admin: string, id: string): Promise<{ key: string; status: string }[]> {
  const rows = (await sql(admin, `SELECT target_service_key AS key, status FROM sys_invocation WHERE target_service_name = 'tx' AND target_handler_name = 'run' AND target_service_key LIKE 'sched-${id}-%'`)) as { key: string; status: string }[]
  return rows.sort((a, b) => a.key.localeCompare(b.key))
}

/** Resolves once `f` is truthy (polled; tests only). */
export async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await f().catch(() => undefined)
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 300))
  }
}
