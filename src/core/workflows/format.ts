// A `*.workflow.json` file: a DAG of steps. The shape is an existing engine's
// (files written for it run unchanged) plus ours: `actions` (a module whose
// named exports are step functions), a step action that is an action slug (a
// human step), and `input` (a JSON schema asked for before the run). Every
// problem is reported with the exact place in the file, and a broken file
// never runs.
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser'
import { checkGraph } from './graph'

export interface WorkflowStep {
  id: string
  type: string
  /** A step function of `actions`, an action slug (a human step), or absent: only the simulated task runs. */
  action?: string
  /** A human step for one person (an email) or a team: it waits in their Inbox until one of them runs it. */
  assignee?: string
  team?: string
  durationSeconds: number
  failProbability: number
  maxRetries: number
  dependsOn: string[]
}

export interface Workflow {
  name: string
  description?: string
  steps: WorkflowStep[]
  /** The module of step functions, relative to the workflow file. */
  actions?: string
  /** A JSON schema of the workflow's input (an object's properties become fields). */
  input?: Record<string, unknown>
}

export interface Problem {
  message: string
  /** Where in the file: a zero-based offset and length (an editor turns them into a range). */
  offset: number
  length: number
}

export type Parsed = { ok: true; workflow: Workflow } | { ok: false; problems: Problem[] }

type Path = (string | number)[]

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Parses and checks a workflow file's text. */
export function parseWorkflow(text: string): Parsed {
  const errors: ParseError[] = []
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true })
  if (errors.length || !root) {
    const e = errors[0]
    return { ok: false, problems: [{ message: e ? `Invalid JSON: ${printParseErrorCode(e.error)}` : 'The file is empty.', offset: e?.offset ?? 0, length: e?.length ?? 0 }] }
  }
  const problems: Problem[] = []
  const at = (path: Path): Node => findNodeAtLocation(root, path) ?? findNodeAtLocation(root, path.slice(0, -1)) ?? root
  const report = (path: Path, message: string, keyOnly = false): void => {
    const node = at(path)
    // A property's problem points at its value; a missing one at the object that lacks it.
    const target = keyOnly && node.parent?.type === 'property' ? node.parent.children![0]! : node
    problems.push({ message, offset: target.offset, length: target.length })
  }
  // No parse errors and no comments: it is plain JSON (and JSON.parse gives plain objects).
  const value = JSON.parse(text) as unknown
  if (!isObject(value)) return { ok: false, problems: [{ message: 'A workflow is a JSON object with "name" and "steps".', offset: root.offset, length: root.length }] }

  if (typeof value.name !== 'string' || !value.name.trim()) report(['name'], '"name" must be a non-empty string.')
  if (value.description !== undefined && typeof value.description !== 'string') report(['description'], '"description" must be a string.')
  if (value.actions !== undefined && (typeof value.actions !== 'string' || !value.actions.trim())) report(['actions'], '"actions" must be the path of a module, relative to this file.')
  if (value.input !== undefined && !isObject(value.input)) report(['input'], '"input" must be a JSON schema (an object).')
  if (!Array.isArray(value.steps)) {
    report(['steps'], '"steps" must be an array of steps.')
    return { ok: false, problems }
  }
  if (!value.steps.length) report(['steps'], 'A workflow needs at least one step.')

  const steps: WorkflowStep[] = []
  value.steps.forEach((raw, i) => {
    const where: Path = ['steps', i]
    if (!isObject(raw)) return report(where, `Step ${i + 1} must be an object with "id", "type", "config" and "depends_on".`)
    const config = raw.config === undefined ? {} : raw.config
    if (typeof raw.id !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(raw.id)) report([...where, 'id'], `Step ${i + 1}: "id" must be a string of letters, digits, "_", "-", "." or ":" (at most 100).`)
    if (raw.type !== undefined && typeof raw.type !== 'string') report([...where, 'type'], '"type" must be a string.')
    if (!isObject(config)) return report([...where, 'config'], '"config" must be an object.')
    const num = (key: string, dflt: number, ok: (n: number) => boolean, rule: string): number => {
      const v = config[key]
      if (v === undefined) return dflt
      if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) {
        report([...where, 'config', key], `"${key}" must be ${rule}.`)
        return dflt
      }
      return v
    }
    const action = config.action
    if (action !== undefined && (typeof action !== 'string' || !action.trim())) report([...where, 'config', 'action'], '"action" must be a non-empty string: a step function\'s name or an action\'s slug.')
    // Who a human step is for: one person or one team (the step's action must then be an action's slug: stepActions.ts).
    const assignee = config.assignee
    const team = config.team
    if (assignee !== undefined && (typeof assignee !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(assignee.trim()))) report([...where, 'config', 'assignee'], '"assignee" must be the email of a person.')
    if (team !== undefined && (typeof team !== 'string' || !team.trim())) report([...where, 'config', 'team'], '"team" must be the name of a team.')
    if (assignee !== undefined && team !== undefined) report([...where, 'config', 'team'], 'A step is for an "assignee" or a "team", not both.')
    if ((assignee !== undefined || team !== undefined) && action === undefined) report([...where, 'config', assignee !== undefined ? 'assignee' : 'team'], `Step ${i + 1}: only a human step (its "action" an action's slug) can name ${assignee !== undefined ? 'an assignee' : 'a team'}.`)
    const deps = raw.depends_on === undefined ? [] : raw.depends_on
    if (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string')) report([...where, 'depends_on'], '"depends_on" must be an array of step ids.')
    steps.push({
      id: typeof raw.id === 'string' ? raw.id : `#${i + 1}`,
      type: typeof raw.type === 'string' ? raw.type : 'task',
      ...(typeof action === 'string' && action.trim() ? { action } : {}),
      ...(typeof assignee === 'string' && assignee.trim() ? { assignee: assignee.trim().toLowerCase() } : {}),
      ...(typeof team === 'string' && team.trim() ? { team: team.trim() } : {}),
      durationSeconds: num('duration_seconds', 1, (n) => n >= 0 && n <= 86_400, 'a number of seconds from 0 to 86,400'),
      failProbability: num('fail_probability', 0, (n) => n >= 0 && n <= 1, 'a number from 0 to 1'),
      maxRetries: num('max_retries', 0, (n) => Number.isInteger(n) && n >= 0 && n <= 100, 'a whole number from 0 to 100'),
      dependsOn: Array.isArray(deps) ? deps.filter((d): d is string => typeof d === 'string') : [],
    })
  })

  for (const p of checkGraph(steps)) {
    const i = steps.findIndex((s) => s.id === p.step)
    const d = p.dependency === undefined ? -1 : steps[i]?.dependsOn.indexOf(p.dependency) ?? -1
    report(d >= 0 ? ['steps', i, 'depends_on', d] : ['steps', i, 'id'], p.message)
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.offset - b.offset) }
  return {
    ok: true,
    workflow: {
      name: value.name as string, steps,
      ...(typeof value.description === 'string' ? { description: value.description } : {}),
      ...(typeof value.actions === 'string' ? { actions: value.actions } : {}),
      ...(isObject(value.input) ? { input: value.input } : {}),
    },
  }
}

/** Zero-based line and column of an offset, for messages and diagnostics. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0
  let start = 0
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) (line++, (start = i + 1))
  return { line, column: offset - start }
}
