// Which files are workflows, and their slugs: named like action files, so a
// workflow sits beside the actions of its folder in the tree.
import { slugOf } from './actionTree'

export const WORKFLOW_INCLUDE = '**/*.workflow.json'

/** `orders/order-processing.workflow.json` → `orders/order-processing` (a file matched by another include keeps its name without `.json`). */
export function workflowSlug(relPath: string): string {
  return slugOf(relPath).replace(/(\.workflow)?\.json$/i, '')
}
