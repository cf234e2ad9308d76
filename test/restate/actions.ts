// The action the Restate tests run: three prompts, a ctx.run step whose side
// effect is a line in a file (params.counter), and ctx.now/ctx.random written
// by plain code (params.seen) on every run, replays included.
export const THREE = `
import { appendFileSync } from 'node:fs'
export default async (io, ctx) => {
  const a = await io.input.text('First')
  // The side effect a completed step must not repeat: one line per run of its body.
  const charge = await ctx.run('charge', async () => { appendFileSync(ctx.params.counter, 'charge\\n'); return { id: 'ch_' + a } })
  const t = ctx.now()
  const r = ctx.random()
  // Plain code runs again on every replay: it sees the journaled time and number each time.
  appendFileSync(ctx.params.seen, t + ' ' + r + '\\n')
  const b = await io.input.text('Second')
  const c = await io.input.text('Third')
  return { a, b, c, charge: charge.id, t, r }
}`
