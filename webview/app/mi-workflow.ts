// <mi-workflow>: a workflow run's live graph, the selected step's details and
// the timeline. An element of its own so the selection and the keyboard's
// place survive every state push (the host re-sends the whole view), and so
// the details' result and error sections keep ids of their own.
import { LitElement, html, nothing, type PropertyValues } from 'lit'
import type { WebviewToHost, WorkflowStepView, WorkflowView } from '../../src/core/protocol'
import { customElement } from '../components/define'
import { detailStyles } from './detail-styles'
import { baseStyles, cardStyles } from './styles'
import { renderGraph } from './workflow-graph'
import { renderStepDetails } from './workflow-details'
import { layoutGraph, neighbour, shapeOf, type GraphLayout } from './workflow-layout'
import { workflowStyles } from './workflow-styles'
import { renderTimeline } from './workflow-timeline'

const NAV_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'])

function summary(steps: WorkflowStepView[]): string {
  const counts = new Map<string, number>()
  for (const s of steps) counts.set(s.status, (counts.get(s.status) ?? 0) + 1)
  return [...counts].map(([status, n]) => `${n} ${status}`).join(' · ')
}

export class MiWorkflow extends LitElement {
  static override styles = [baseStyles, cardStyles, detailStyles, workflowStyles]
  static override properties = {
    workflow: { attribute: false },
    runKey: { attribute: false },
    live: { attribute: false },
    endedAt: { attribute: false },
    post: { attribute: false },
    selected: { state: true },
    active: { state: true },
  }
  declare workflow: WorkflowView | undefined
  /** The run's id: names the steps' result tables. */
  declare runKey: string
  /** Still running: running steps' bars and durations reach the time of each render. */
  declare live: boolean
  /** When the run ended (History, or a finished live run): its steps' clock stops there. */
  declare endedAt: string | undefined
  declare post: ((m: WebviewToHost) => void) | undefined
  declare selected: string | undefined
  declare active: string | undefined

  private layout: GraphLayout | undefined
  private shape = ''
  /** Move focus to the active node after the next render (arrow keys). */
  private focusNext = false

  constructor() {
    super()
    this.workflow = undefined
    this.runKey = ''
    this.live = false
    this.endedAt = undefined
    this.post = undefined
    this.selected = undefined
    this.active = undefined
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('workflow')) return
    const steps = this.workflow?.steps ?? []
    // A new layout only when the DAG's shape changed (not on a status push).
    const shape = shapeOf(steps)
    if (shape !== this.shape || !this.layout) {
      this.shape = shape
      this.layout = layoutGraph(steps)
    }
    const ids = new Set(steps.map((s) => s.id))
    if (this.selected && !ids.has(this.selected)) this.selected = undefined
    if (!this.active || !ids.has(this.active)) this.active = this.selected ?? this.layout.columns.find((c) => c.length)?.[0]
  }

  protected override updated(): void {
    if (!this.focusNext) return
    this.focusNext = false
    this.nodeButton(this.active)?.focus()
  }

  private nodeButton(id: string | undefined): HTMLElement | null {
    if (!id) return null
    for (const b of this.renderRoot.querySelectorAll<HTMLElement>('button.wf-main')) if (b.dataset.id === id) return b
    return null
  }

  private now(): number {
    const end = this.endedAt ? Date.parse(this.endedAt) : NaN
    if (!this.live && Number.isFinite(end)) return end
    if (this.live) return Date.now()
    // A run that never recorded its end (History of an interrupted run): the last moment a step recorded.
    let last = 0
    for (const s of this.workflow?.steps ?? []) for (const t of [s.startedAt, s.endedAt]) if (t) last = Math.max(last, Date.parse(t) || 0)
    return last
  }

  private select = (id: string): void => {
    this.selected = id
    this.active = id
  }

  private onKeyDown = (e: KeyboardEvent): void => {
    // Escape closes the details and goes back to their node.
    if (e.key === 'Escape' && this.selected) {
      e.preventDefault()
      this.active = this.selected
      this.selected = undefined
      this.focusNext = true
      return
    }
    if (!NAV_KEYS.has(e.key) || !this.layout) return
    const from = (e.target as HTMLElement).closest<HTMLElement>('button.wf-main')?.dataset.id
    if (!from) return
    const to = neighbour(this.layout, from, e.key)
    e.preventDefault()
    if (!to) return
    this.active = to
    this.focusNext = true
  }

  private open = (childTx: string): void => this.post?.({ type: 'showTransaction', id: childTx })

  override render() {
    const steps = this.workflow?.steps
    if (!steps?.length || !this.layout) return nothing
    const now = this.now()
    const layout = this.layout
    const byId = new Map(steps.map((s) => [s.id, s]))
    const ordered = layout.columns.flat().map((id) => byId.get(id)).filter((s): s is WorkflowStepView => !!s)
    const chosen = this.selected ? byId.get(this.selected) : undefined
    const open = this.post ? this.open : undefined
    return html`<section class="workflow" data-testid="workflow" aria-labelledby="wf-title" @keydown=${this.onKeyDown}>
      <h2 class="section-title" id="wf-title">Workflow <span class="wf-summary" data-testid="wf-summary">${steps.length} ${steps.length === 1 ? 'step' : 'steps'} · ${summary(steps)}</span></h2>
      <div class="wf-scroll">
        ${renderGraph(ordered, layout, now, { selected: this.selected, active: this.active, select: this.select, open })}
      </div>
      <p class="muted wf-hint">Select a step to see its result, error and log${layout.nodes.size > 1 ? '; arrow keys move between steps' : ''}; Escape closes it.</p>
      ${chosen
        ? renderStepDetails(chosen, now, {
            close: () => { this.selected = undefined; this.focusNext = true },
            open,
            openSource: (s) => this.post?.({ type: 'openSource', ...s }),
            resultKey: `workflow:${this.runKey}:${chosen.id}`,
          })
        : nothing}
      ${renderTimeline(ordered, now)}
    </section>`
  }
}
customElement('mi-workflow', MiWorkflow)
