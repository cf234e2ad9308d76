// Paths as Chrome's Trace Event Format (the JSON that chrome://tracing,
// Perfetto and VS Code's profiler open): one complete ("X") event per path and
// one per hop's part, on a track for the thread it ran on.
import { HOP_LABELS, HOP_WHERE, endToEnd, type TracePath } from './tracer'

interface TraceEvent {
  name: string
  cat: string
  ph: 'X' | 'M'
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: Record<string, unknown>
}

const TRACKS = { path: 1, host: 2, worker: 3, webview: 4 } as const
const us = (ms: number): number => Math.round(ms * 1000)

export function toTraceEvents(paths: readonly TracePath[]): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms' } {
  const events: TraceEvent[] = Object.entries(TRACKS).map(([name, tid]) => ({ name: 'thread_name', cat: '__metadata', ph: 'M' as const, ts: 0, pid: 1, tid, args: { name } }))
  events.push({ name: 'process_name', cat: '__metadata', ph: 'M', ts: 0, pid: 1, tid: 0, args: { name: 'Mini Interval' } })
  for (const p of paths) {
    const first = p.hops[0]!
    events.push({ name: p.kind === 'run' ? 'Run → first prompt painted' : 'Answer → next prompt painted', cat: p.kind, ph: 'X', ts: us(first.t), dur: us(endToEnd(p)), pid: 1, tid: TRACKS.path, args: { tx: p.tx, seq: p.seq } })
    p.hops.slice(1).forEach((h, i) => {
      const from = p.hops[i]!.t
      events.push({ name: HOP_LABELS[h.name] ?? h.name, cat: p.kind, ph: 'X', ts: us(from), dur: us(h.t - from), pid: 1, tid: TRACKS[HOP_WHERE[h.name] ?? 'host'], args: { hop: h.name, tx: p.tx } })
    })
  }
  return { traceEvents: events, displayTimeUnit: 'ms' }
}

/** Per hop, over paths of one kind: p50 and p95 of its part, and of the whole. */
export function hopTable(paths: readonly TracePath[]): { hop: string; p50: number; p95: number }[] {
  if (!paths.length) return []
  const pct = (xs: number[], q: number): number => {
    const s = [...xs].sort((a, b) => a - b)
    return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
  }
  const names = paths[0]!.hops.slice(1).map((h) => h.name)
  const rows = names.map((hop) => {
    const xs = paths.map((p) => {
      const i = p.hops.findIndex((h) => h.name === hop)
      return i > 0 ? p.hops[i]!.t - p.hops[i - 1]!.t : 0
    })
    return { hop, p50: pct(xs, 0.5), p95: pct(xs, 0.95) }
  })
  const whole = paths.map(endToEnd)
  rows.push({ hop: 'end to end', p50: pct(whole, 0.5), p95: pct(whole, 0.95) })
  return rows
}
