// The workflow's DAG as one SVG: edges (curves with arrowheads) under the
// nodes, each node an HTML box in a foreignObject (real buttons, text that
// ellipsises, the theme's fonts). Nodes and edges are keyed by id with
// `repeat`, so a state push only touches the nodes whose state changed.
import { html, nothing, svg, type TemplateResult } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import { repeat } from 'lit/directives/repeat.js'
import type { WorkflowStepView } from '../../src/core/protocol'
import { NODE_H, NODE_W, type Edge, type GraphLayout } from './workflow-layout'
import { attemptsText, durationText, nodeLabel, personIcon, statusIcon, statusLabel } from './workflow-status'

export interface GraphHandlers {
  /** The step whose details are shown. */
  selected: string | undefined
  /** The one node in the tab order (roving tabindex). */
  active: string | undefined
  select: (id: string) => void
  /** A human step's own transaction; absent where nothing can open it. */
  open?: (childTx: string) => void
}

/** An edge reads as done once its dependency completed; dashed while it waits or never will. */
function edgeClass(from: WorkflowStepView | undefined, e: Edge, selected: string | undefined): string {
  const state = from?.status === 'completed' ? 'done' : from?.status === 'failed' || from?.status === 'canceled' ? 'broken' : 'waiting'
  return `wf-edge ${state}${selected && (e.from === selected || e.to === selected) ? ' hl' : ''}`
}

function node(s: WorkflowStepView, now: number, h: GraphHandlers): TemplateResult {
  const selected = h.selected === s.id
  return html`<div class="wf-node st-${s.status}${selected ? ' selected' : ''}" data-testid="wf-node" data-id=${s.id} data-status=${s.status}>
    <button type="button" class="wf-main" data-id=${s.id} tabindex=${h.active === s.id ? 0 : -1}
      aria-label=${nodeLabel(s, now)} aria-expanded=${selected ? 'true' : 'false'} aria-controls=${ifDefined(selected ? 'wf-details' : undefined)}
      title=${s.action ? `${s.id} · ${s.action}` : s.id}
      @click=${() => h.select(s.id)}>
      <span class="wf-row wf-title">${statusIcon(s.status)}<span class="wf-id">${s.id}</span>${s.childTx ? personIcon() : nothing}</span>
      <span class="wf-row wf-action muted">${s.action ?? 'simulated task'}</span>
      <span class="wf-row wf-state"><span class="wf-label" data-testid="wf-label">${statusLabel(s)}</span><span class="wf-dur" data-testid="wf-duration">${durationText(s, now)}</span></span>
      <span class="wf-row wf-attempts muted" data-testid="wf-attempts">${attemptsText(s)}</span>
    </button>
    ${s.childTx && h.open
      ? html`<button type="button" class="wf-open" data-testid="wf-open" aria-label=${`Open the transaction of step ${s.id}`}
          @click=${() => h.open!(s.childTx!)}>Open</button>`
      : nothing}
  </div>`
}

/** `ordered`: the steps column by column, top to bottom (layout.columns), the order a screen reader and Tab meet them. */
export function renderGraph(ordered: WorkflowStepView[], layout: GraphLayout, now: number, h: GraphHandlers): TemplateResult {
  const byId = new Map(ordered.map((s) => [s.id, s]))
  return html`<svg class="wf-graph" data-testid="workflow-graph" role="group" aria-label=${`Workflow graph, ${ordered.length} steps`}
    width=${layout.width} height=${layout.height} viewBox=${`0 0 ${layout.width} ${layout.height}`}>
    <g class="wf-edges" aria-hidden="true">${repeat(layout.edges, (e) => e.key, (e) => svg`<g class=${edgeClass(byId.get(e.from), e, h.selected)} data-testid="wf-edge" data-from=${e.from} data-to=${e.to}>
      <path d=${e.d}/><polygon points=${e.arrow}/></g>`)}</g>
    <g class="wf-nodes">${repeat(ordered, (s) => s.id, (s) => {
      const box = layout.nodes.get(s.id)
      return box
        ? svg`<foreignObject x=${box.x} y=${box.y} width=${NODE_W} height=${NODE_H}>${node(s, now, h)}</foreignObject>`
        : nothing
    })}</g>
  </svg>`
}
