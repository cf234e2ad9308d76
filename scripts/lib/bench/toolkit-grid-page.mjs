// The baseline page: @vscode/webview-ui-toolkit's <vscode-data-grid>, served
// in the same HTML shell (same CSP, theme and VS Code API stub) as our webview.
// Bundled by scripts/bench-tables.mjs into out/bench/toolkit.js.
//
// Like a webview built on the toolkit would, it takes its rows from a host
// message: { type: 'gridData', columns: string[], rows: object[] } (or
// `json`: the rows as JSON text, parsed here, as our webview gets them) sets
// `columnDefinitions` (when they change) and `rowsData`. The grid has no
// search or sort of its own; the benchmark sets a filtered or sorted copy of
// the rows through window.__toolkit.
import {
  provideVSCodeDesignSystem,
  vsCodeDataGrid,
  vsCodeDataGridCell,
  vsCodeDataGridRow,
} from '@vscode/webview-ui-toolkit'

provideVSCodeDesignSystem().register(vsCodeDataGrid(), vsCodeDataGridRow(), vsCodeDataGridCell())

const vscode = acquireVsCodeApi()

// A scrolling viewport of the same height as our table's (set from the
// benchmark). Styles through the CSSOM: the CSP allows no inline style attribute.
const viewport = document.createElement('div')
viewport.dataset.testid = 'grid-viewport'
viewport.style.height = '600px'
viewport.style.overflow = 'auto'
const grid = document.createElement('vscode-data-grid')
grid.setAttribute('aria-label', 'Charges')
viewport.append(grid)
document.body.append(viewport)

let columns = ''
let all = [] // as received
let current = [] // as shown (sorted, when sorted)

function setRows(rows) {
  grid.rowsData = rows
}

window.addEventListener('message', (e) => {
  const m = e.data
  if (m?.type !== 'gridData') return
  const key = m.columns.join('\u0000')
  if (key !== columns) {
    columns = key
    grid.columnDefinitions = m.columns.map((c) => ({ columnDataKey: c, title: c }))
  }
  all = current = m.json !== undefined ? JSON.parse(m.json) : m.rows
  setRows(all)
})

window.__toolkit = {
  grid,
  viewport,
  setViewportHeight: (px) => { viewport.style.height = `${px}px` },
  /** The "search" baseline: the shown rows with a cell containing `q` (case-insensitive), as an app on the toolkit would filter. */
  filter(q) {
    const needle = q.toLowerCase()
    setRows(needle ? current.filter((r) => Object.values(r).some((v) => String(v).toLowerCase().includes(needle))) : current)
  },
  /** The "sort" baseline: a sorted copy (numbers by value, text by localeCompare). */
  sort(key, dir = 1) {
    const sorted = all.slice().sort((a, b) => {
      const x = a[key], y = b[key]
      return dir * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)))
    })
    setRows((current = sorted))
  },
}

vscode.postMessage({ type: 'ready' })
