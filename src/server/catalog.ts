// What serve offers: the folder's actions and workflows as the dashboard and
// VS Code list them (the same grouping as the Actions tree), found by the
// discovery the extension uses.
import { buildTree, type ActionFile, type RouteItem, type TreeNode } from '../core/discovery/actionTree'
import type { RunnableEntry } from '../core/runs/runnable'
import type { Access } from '../core/protocol'

export interface ServedWorkflow {
  file: ActionFile
  slug: string
  state: 'ready' | 'broken'
  name?: string
  problem?: string
}

/** The discovery serve reads (core/discovery's catalogs, adapted in serve.ts). */
export interface Catalog {
  listed(): RunnableEntry[]
  pages(): RunnableEntry[]
  workflows(): ServedWorkflow[]
  /** An action, page or workflow by slug (a workflow as a runnable entry). */
  find(slug: string): RunnableEntry | undefined
}

/** What the listing holds: one description shared with VS Code's client and the page (core/remote/schemas.ts). */
export type { RemoteAction as ActionItem, RemoteWorkflow as WorkflowItem } from '../core/remote/schemas'
import type { RemoteAction as ActionItem, RemoteWorkflow as WorkflowItem } from '../core/remote/schemas'

/** No absolute paths leave the server: files are named by their path in the folder. */
const relative = (f: ActionFile): ActionFile => ({ file: f.relPath, relPath: f.relPath, root: f.root })

/** A route's key names its entry file by its path in the folder, as everything the server sends does. */
const keyOf = (e: RunnableEntry): string => `${e.file.relPath}#${e.slug}`

/** `allow`: what the asker may run (the rest is left out: an action someone may not run is absent from their lists). */
export function listing(catalog: Catalog, allow: (e: { access?: Access }) => boolean = () => true): { actions: ActionItem[]; workflows: WorkflowItem[]; tree: TreeNode[] } {
  const listed = catalog.listed().filter(allow)
  const pages = catalog.pages().filter(allow)
  // Workflow files have no access option: they are for everyone who runs actions.
  const workflows = allow({}) ? catalog.workflows() : []
  const actions: ActionItem[] = [...listed, ...pages].map((e) => ({
    slug: e.slug,
    name: e.name ?? e.slug,
    ...(e.description ? { description: e.description } : {}),
    state: e.state,
    ...(e.error ? { error: e.error } : {}),
    relPath: e.file.relPath,
    kind: e.route?.kind === 'page' ? 'page' : 'action',
    ...(e.route ? { key: keyOf(e) } : {}),
    ...(e.route?.kind === 'page' ? { hasHandler: e.route.hasHandler } : {}),
    ...(e.access ? { access: e.access } : {}),
  }))
  const routes: RouteItem[] = [...listed, ...pages].flatMap((e) => (e.route ? [{ key: keyOf(e), slug: e.slug, file: relative(e.file), kind: e.route.kind, label: e.name ?? e.slug }] : []))
  const files = [...listed.filter((e) => !e.route).map((e) => relative(e.file)), ...workflows.map((w) => relative(w.file))]
  return {
    actions,
    workflows: workflows.map((w) => ({ slug: w.slug, name: w.name ?? w.slug, relPath: w.file.relPath, state: w.state, ...(w.problem ? { problem: w.problem } : {}) })),
    tree: buildTree(files, false, routes),
  }
}
