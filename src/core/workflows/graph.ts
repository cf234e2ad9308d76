// A workflow's steps as a DAG: checks (duplicate ids, unknown dependencies,
// cycles) and the dependency levels the scheduler and the graph view use.

export interface GraphStep {
  id: string
  dependsOn: string[]
}

export interface GraphProblem {
  step: string
  /** The dependency the problem is about, when it is one. */
  dependency?: string
  message: string
}

/** Every problem of the graph, in step order; none means it can run. */
export function checkGraph(steps: GraphStep[]): GraphProblem[] {
  const problems: GraphProblem[] = []
  const seen = new Set<string>()
  for (const s of steps) {
    if (seen.has(s.id)) problems.push({ step: s.id, message: `Duplicate step id "${s.id}": each step needs its own.` })
    seen.add(s.id)
  }
  for (const s of steps) {
    const deps = new Set<string>()
    for (const d of s.dependsOn) {
      if (d === s.id) problems.push({ step: s.id, dependency: d, message: `Step "${s.id}" depends on itself.` })
      else if (!seen.has(d)) problems.push({ step: s.id, dependency: d, message: `Step "${s.id}" depends on "${d}", which is not a step of this workflow.` })
      else if (deps.has(d)) problems.push({ step: s.id, dependency: d, message: `Step "${s.id}" lists "${d}" twice.` })
      deps.add(d)
    }
  }
  if (problems.length) return problems
  const cycle = findCycle(steps)
  if (cycle) problems.push({ step: cycle[0]!, dependency: cycle[1], message: `These steps depend on each other in a cycle: ${[...cycle, cycle[0]].join(' → ')}.` })
  return problems
}

/** A cycle as the steps on it (each depends on the next), or undefined. */
function findCycle(steps: GraphStep[]): string[] | undefined {
  const deps = new Map(steps.map((s) => [s.id, s.dependsOn]))
  const state = new Map<string, 'visiting' | 'done'>()
  const path: string[] = []
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined
    if (state.get(id) === 'visiting') return path.slice(path.indexOf(id))
    state.set(id, 'visiting')
    path.push(id)
    for (const d of deps.get(id) ?? []) {
      const c = visit(d)
      if (c) return c
    }
    path.pop()
    state.set(id, 'done')
    return undefined
  }
  for (const s of steps) {
    const c = visit(s.id)
    if (c) return c
  }
  return undefined
}

/**
 * The steps by level: level 0 has no dependencies, level n depends on steps
 * of levels below n (at least one of n - 1). Steps keep their file order
 * within a level. Assumes checkGraph found nothing.
 */
export function levels(steps: GraphStep[]): string[][] {
  const level = new Map<string, number>()
  const byId = new Map(steps.map((s) => [s.id, s]))
  const of = (id: string): number => {
    const known = level.get(id)
    if (known !== undefined) return known
    const s = byId.get(id)!
    const n = s.dependsOn.length ? 1 + Math.max(...s.dependsOn.map(of)) : 0
    level.set(id, n)
    return n
  }
  const out: string[][] = []
  for (const s of steps) (out[of(s.id)] ??= []).push(s.id)
  return out
}

/** Every step that depends, directly or not, on `id`. */
export function dependents(steps: GraphStep[], id: string): Set<string> {
  const out = new Set<string>()
  let grew = true
  while (grew) {
    grew = false
    for (const s of steps) {
      if (!out.has(s.id) && s.dependsOn.some((d) => d === id || out.has(d))) (out.add(s.id), (grew = true))
    }
  }
  return out
}
