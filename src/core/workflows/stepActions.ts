// Is each step's `config.action` something that can run: a step function the
// workflow's `actions` module exports, or an action's slug (a human step)?
// Checked where the workflow is discovered, so an unknown one marks the file
// broken before it runs, at the exact place in the file.
import { extname, resolve, dirname } from 'node:path'
import { findNodeAtLocation, parseTree } from 'jsonc-parser'
import type { Problem, Workflow } from './format'

const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs']

/** Where the `actions` module may be: as written, else with a script extension added. */
export function moduleCandidates(workflowFile: string, actions: string): string[] {
  const path = resolve(dirname(workflowFile), actions)
  return extname(path) ? [path] : [path, ...MODULE_EXTENSIONS.map((ext) => path + ext)]
}

/**
 * The named exports of a module, read from its text, not by running it (discovery
 * may run in Restricted Mode): `export [async] function NAME`, `export const|let|var NAME`
 * and `export { a, b as NAME }`. A simple text check, on purpose lenient: a name in a
 * comment counts, and the engine, which loads the module, is the last word.
 */
export function exportedNames(source: string): Set<string> {
  const names = new Set<string>()
  for (const m of source.matchAll(/\bexport\s+(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/g)) names.add(m[1]!)
  for (const m of source.matchAll(/\bexport\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]!)
  for (const m of source.matchAll(/\bexport\s*(?:type\s*)?\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim()
      if (name && name !== 'default') names.add(name)
    }
  }
  return names
}

export interface StepActionContext {
  /** The `actions` module's named exports: undefined when the workflow names none, null when it is not found. */
  exports: ReadonlySet<string> | null | undefined
  /** Is this an action's slug? */
  isActionSlug: (slug: string) => boolean
}

/** A problem for a missing `actions` module and for each step action that is neither an export nor an action. */
export function stepActionProblems(text: string, workflow: Workflow, ctx: StepActionContext): Problem[] {
  const root = parseTree(text)
  if (!root) return []
  const problems: Problem[] = []
  const place = (path: (string | number)[]): { offset: number; length: number } => {
    const node = findNodeAtLocation(root, path) ?? root
    return { offset: node.offset, length: node.length }
  }
  if (ctx.exports === null) problems.push({ message: `The actions module "${workflow.actions}" is not found next to this workflow file.`, ...place(['actions']) })
  workflow.steps.forEach((step, i) => {
    const action = step.action
    // Only a human step waits in someone's Inbox: a step function runs on its own.
    if (action !== undefined && ctx.exports?.has(action) && (step.assignee || step.team)) {
      const key = step.assignee ? 'assignee' : 'team'
      problems.push({ message: `Step "${step.id}": "${action}" is a step function, which runs by itself; only a human step (an action's slug) can name ${step.assignee ? 'an assignee' : 'a team'}.`, ...place(['steps', i, 'config', key]) })
      return
    }
    if (action === undefined || ctx.exports?.has(action) || ctx.isActionSlug(action)) return
    const where = workflow.actions ? `a function exported by "${workflow.actions}"` : 'a step function (this workflow names no "actions" module)'
    problems.push({ message: `Step "${step.id}": "${action}" is neither ${where} nor an action's slug.`, ...place(['steps', i, 'config', 'action']) })
  })
  return problems
}
