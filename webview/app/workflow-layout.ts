// Where each node of a workflow graph goes: one column per dependency level
// (left → right), the steps of a level stacked. Depends only on the DAG's
// shape (ids, levels, dependencies), never on statuses, so a state push that
// only changes statuses reuses the same layout and the SVG keeps its geometry.
import type { WorkflowStepView } from '../../src/core/protocol'

export const NODE_W = 184
export const NODE_H = 84
/** Room between columns for the edges' curves and arrowheads. */
const COL_GAP = 56
const ROW_GAP = 14
const PAD = 4
export const ARROW = 7
/** The node's box sits this far inside its cell, so its focus ring is not clipped by the foreignObject. */
export const INSET = 3

export interface NodeBox { id: string; level: number; row: number; x: number; y: number }
export interface Edge { key: string; from: string; to: string; d: string; arrow: string }
export interface GraphLayout {
  width: number
  height: number
  nodes: Map<string, NodeBox>
  /** Ids by column, top to bottom: what the arrow keys walk. */
  columns: string[][]
  edges: Edge[]
}

/** What the layout depends on; equal signatures give equal layouts. */
export const shapeOf = (steps: WorkflowStepView[]): string =>
  steps.map((s) => `${s.id}\u0000${s.level}\u0000${s.dependsOn.join('\u0001')}`).join('\u0002')

export function layoutGraph(steps: WorkflowStepView[]): GraphLayout {
  const byLevel: WorkflowStepView[][] = []
  for (const s of steps) (byLevel[s.level] ??= []).push(s)
  const columns: string[][] = []
  const rowOf = new Map<string, number>()
  // Within a level, steps go in the mean row of their dependencies (one barycentre
  // pass, ties in file order): fewer crossing edges, and stable across pushes.
  byLevel.forEach((col = [], level) => {
    const keyed = col.map((s, i) => {
      const rows = s.dependsOn.map((d) => rowOf.get(d)).filter((r): r is number => r !== undefined)
      return { s, i, k: rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : i }
    })
    keyed.sort((a, b) => a.k - b.k || a.i - b.i)
    keyed.forEach(({ s }, row) => rowOf.set(s.id, row))
    columns[level] = keyed.map(({ s }) => s.id)
  })
  const tallest = Math.max(1, ...columns.map((c) => c?.length ?? 0))
  const height = PAD * 2 + tallest * NODE_H + (tallest - 1) * ROW_GAP
  const nodes = new Map<string, NodeBox>()
  columns.forEach((col = [], level) => {
    // Shorter columns are centred against the tallest.
    const top = PAD + ((tallest - col.length) * (NODE_H + ROW_GAP)) / 2
    col.forEach((id, row) => nodes.set(id, { id, level, row, x: PAD + level * (NODE_W + COL_GAP), y: top + row * (NODE_H + ROW_GAP) }))
  })
  const edges: Edge[] = []
  for (const s of steps) {
    const to = nodes.get(s.id)
    if (!to) continue
    for (const dep of s.dependsOn) {
      const from = nodes.get(dep)
      if (!from) continue
      const x1 = from.x + NODE_W - INSET
      const y1 = from.y + NODE_H / 2
      const x2 = to.x + INSET - ARROW
      const y2 = to.y + NODE_H / 2
      const dx = Math.max(16, (x2 - x1) / 2)
      edges.push({
        key: `${dep}\u0000${s.id}`, from: dep, to: s.id,
        d: `M${x1} ${y1} C${x1 + dx} ${y1} ${x2 - dx} ${y2} ${x2} ${y2}`,
        arrow: `${x2} ${y2 - ARROW / 1.6} ${to.x + INSET} ${y2} ${x2} ${y2 + ARROW / 1.6}`,
      })
    }
  }
  const levels = Math.max(1, columns.length)
  return { width: PAD * 2 + levels * NODE_W + (levels - 1) * COL_GAP, height, nodes, columns: columns.map((c) => c ?? []), edges }
}

/** The node the arrow keys lead to from `id`, or undefined at an edge of the graph. */
export function neighbour(layout: GraphLayout, id: string, key: string): string | undefined {
  const n = layout.nodes.get(id)
  if (!n) return undefined
  const col = layout.columns[n.level] ?? []
  switch (key) {
    case 'ArrowUp': return col[n.row - 1]
    case 'ArrowDown': return col[n.row + 1]
    case 'Home': return layout.columns.find((c) => c.length)?.[0]
    case 'End': return [...layout.columns].reverse().find((c) => c.length)?.at(-1)
    case 'ArrowLeft':
    case 'ArrowRight': {
      // The nearest node, by height, in the next non-empty column that way.
      const step = key === 'ArrowLeft' ? -1 : 1
      for (let l = n.level + step; l >= 0 && l < layout.columns.length; l += step) {
        const other = layout.columns[l]
        if (!other?.length) continue
        let best = other[0]
        let dist = Infinity
        for (const o of other) {
          const d = Math.abs(layout.nodes.get(o)!.y - n.y)
          if (d < dist) { best = o; dist = d }
        }
        return best
      }
      return undefined
    }
    default: return undefined
  }
}
