// What a workflow run needs before its worker starts: the file parsed, its
// step functions' module compiled, which steps are human (their action is an
// action's slug, not a function the module exports), the DAG for the start
// event, and a hash of it all (a resume asks first if the workflow changed).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { CompiledAction } from '../loader/compile'
import type { StartedEvent } from '../history/events'
import { parseWorkflow, lineColumn, type Workflow } from './format'
import type { WorkflowData } from './run'
import { exportedNames } from './stepActions'

export interface PreparedWorkflow {
  workflow: Workflow
  compiled: CompiledAction
  data: WorkflowData
  started: NonNullable<StartedEvent['workflow']>
}

export async function prepareWorkflow(
  file: string,
  runId: string,
  opts: { compile(file: string): Promise<CompiledAction>; isAction(slug: string): boolean; concurrency: number },
): Promise<PreparedWorkflow> {
  const text = readFileSync(file, 'utf8')
  const parsed = parseWorkflow(text)
  if (!parsed.ok) {
    const p = parsed.problems[0]!
    const { line, column } = lineColumn(text, p.offset)
    throw new Error(`${file}:${line + 1}:${column + 1}: ${p.message}`)
  }
  const { workflow } = parsed
  const actionsFile = workflow.actions ? resolve(dirname(file), workflow.actions) : undefined
  const module = actionsFile ? await opts.compile(actionsFile) : undefined
  const exported = exportedNames(actionsFile ? readFileSync(actionsFile, 'utf8') : '')
  const children: Record<string, string> = {}
  workflow.steps.forEach((s, i) => {
    if (s.action && !exported.has(s.action) && opts.isAction(s.action)) children[s.id] = `${runId}-s${i}`
  })
  const hash = createHash('sha256').update(text).update('\0').update(module?.hash ?? '').digest('hex')
  return {
    workflow,
    compiled: { file, code: module?.code ?? '', hash, inputs: module?.inputs ?? {} },
    data: { definition: workflow, children, concurrency: opts.concurrency },
    started: {
      steps: workflow.steps.map((s) => ({
        id: s.id, dependsOn: s.dependsOn, maxAttempts: s.maxRetries + 1,
        ...(s.action ? { action: s.action } : {}), ...(children[s.id] ? { childTx: children[s.id] } : {}),
      })),
    },
  }
}
