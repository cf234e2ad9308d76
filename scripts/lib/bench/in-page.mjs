// What the benchmark runs inside the page. `installBench` is self-contained:
// it is turned into a string and evaluated in the page (through the DevTools
// protocol, so the page's CSP does not apply), with the data generators as
// arguments. Every timing is taken in the page with performance.now(); the
// DevTools round trips are outside the timed regions.
//
// "Painted": the change is in the DOM and the frame showing it has been
// produced. A check runs in every animation-frame callback (found there: that
// same frame paints it) and in a fast task loop (found there: the next frame
// paints it); either way the time is taken in the first task after that
// frame's rAF, i.e. after its style, layout and paint.

export function installBench(side, generateRows, toGridRows) {
  if (window.__bench) return
  const chan = new MessageChannel()
  let onPort = null
  chan.port1.onmessage = () => onPort?.()

  /** Resolves with performance.now() once check() holds and a frame has been painted after it. */
  function untilPainted(check, timeout = 180000) {
    const end = performance.now() + timeout
    return new Promise((resolve, reject) => {
      let done = false
      const stamp = () => setTimeout(() => resolve(performance.now()), 0)
      const finish = (inFrame) => {
        done = true
        onPort = null
        if (inFrame) stamp()
        else requestAnimationFrame(stamp)
      }
      const frame = () => {
        if (done) return
        if (check()) return finish(true)
        requestAnimationFrame(frame)
      }
      onPort = () => {
        if (done) return
        if (check()) return finish(false)
        if (performance.now() > end) {
          done = true
          onPort = null
          return reject(new Error(`timed out after ${timeout} ms`))
        }
        chan.port2.postMessage(0)
      }
      requestAnimationFrame(frame)
      chan.port2.postMessage(0)
    })
  }

  /** First element matching `sel` under root, through open shadow roots. */
  function deepQuery(root, sel) {
    const hit = root.querySelector(sel)
    if (hit) return hit
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        const h = deepQuery(el.shadowRoot, sel)
        if (h) return h
      }
    }
    return null
  }
  function deepQueryAll(root, sel, out = []) {
    out.push(...root.querySelectorAll(sel))
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) deepQueryAll(el.shadowRoot, sel, out)
    return out
  }

  // --- the two sides -------------------------------------------------------
  let table = null // <io-table>
  let rowsRoot = null // the (shadow) root that holds our data rows, once seen
  const ioTable = () => (table && table.isConnected ? table : (table = deepQuery(document, 'io-table')))
  const ours = {
    firstRow() {
      const t = ioTable()
      if (!t) return null
      if (!rowsRoot || (rowsRoot instanceof ShadowRoot && !rowsRoot.host.isConnected)) {
        const r = deepQuery(t.shadowRoot ?? t, '[data-testid="table-row"]')
        if (!r) return null
        rowsRoot = r.getRootNode()
      }
      const rows = rowsRoot.querySelectorAll('[data-testid="table-row"]')
      if (rows.length === 0) return null
      // Recycled rows may not be in visual order: take the lowest aria-rowindex when rows carry one.
      if (!rows[0].hasAttribute('aria-rowindex')) return rows[0]
      let best = rows[0]
      for (const r of rows) if (Number(r.getAttribute('aria-rowindex')) < Number(best.getAttribute('aria-rowindex'))) best = r
      return best
    },
    rowCount() {
      this.firstRow()
      return rowsRoot ? rowsRoot.querySelectorAll('[data-testid="table-row"]').length : 0
    },
    viewport: () => deepQuery(ioTable()?.shadowRoot ?? document, '[data-testid="table-viewport"]'),
    countText: () => deepQuery(ioTable()?.shadowRoot ?? document, '[data-testid="table-count"]')?.textContent.trim() ?? null,
    searchInput: () => deepQuery(ioTable()?.shadowRoot ?? document, 'input[data-testid="table-search"]'),
    sortButton: (col) => deepQuery(ioTable()?.shadowRoot ?? document, `button[data-testid="sort-${col}"]`),
    post(n, cols, columns, dataId) {
      const rows = generateRows(n, cols)
      return () => window.postMessage({ type: 'tableData', dataId, data: { rows } }, '*')
    },
  }
  const toolkit = {
    firstRow: () => window.__toolkit.grid.querySelector('vscode-data-grid-row[row-type="default"]'),
    rowCount: () => window.__toolkit.grid.querySelectorAll('vscode-data-grid-row[row-type="default"]').length,
    viewport: () => window.__toolkit.viewport,
    countText: () => null,
    post(n, cols, columns) {
      const rows = toGridRows(generateRows(n, cols), columns)
      return () => window.postMessage({ type: 'gridData', columns, rows }, '*')
    },
  }
  const s = side === 'ours' ? ours : toolkit
  const firstHas = (id) => () => {
    const r = s.firstRow()
    return r !== null && r.textContent.includes(id)
  }
  const firstHasAny = (ids) => () => {
    const r = s.firstRow()
    if (r === null) return false
    const t = r.textContent
    return ids.some((id) => t.includes(id))
  }

  async function timed(start, check) {
    const t0 = performance.now()
    start()
    const t1 = await untilPainted(check)
    return t1 - t0
  }

  window.__bench = {
    side,
    deepQuery,
    deepQueryAll,
    ready: () => (side === 'ours' ? ioTable() !== null : !!window.__toolkit),
    firstRowText: () => s.firstRow()?.textContent.replace(/\s+/g, ' ').trim() ?? null,
    rowCount: () => s.rowCount(),
    countText: () => s.countText(),
    viewportHeight: () => s.viewport()?.clientHeight ?? null,
    setViewportHeight: (px) => window.__toolkit?.setViewportHeight(px),
    /** From posting the rows (generated beforehand, untimed) until the first data row is painted. */
    async firstPaint({ n, cols, columns, dataId, firstId }) {
      const post = s.post(n, cols, columns, dataId)
      const ms = await timed(post, firstHas(firstId))
      return { ms, rowElements: s.rowCount(), count: s.countText() }
    },
    /** One keystroke into the search box (ours) / a filtered rowsData (toolkit), until the filtered rows are painted. */
    async search({ query, expectFirstIds }) {
      const start = side === 'ours'
        ? () => {
          const input = ours.searchInput()
          input.value = query
          input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: query.slice(-1) || null }))
        }
        : () => window.__toolkit.filter(query)
      const ms = await timed(start, firstHasAny(expectFirstIds))
      return { ms, rowElements: s.rowCount(), count: s.countText() }
    },
    /** A click on the column's sort button (ours) / a sorted rowsData (toolkit), until the sorted rows are painted. */
    async sort({ col, key, expectFirstIds }) {
      const start = side === 'ours' ? () => ours.sortButton(col).click() : () => window.__toolkit.sort(key)
      const ms = await timed(start, firstHasAny(expectFirstIds))
      return { ms, first: this.firstRowText() }
    },
    /**
     * Scrolls the viewport by `px` every animation frame for `ms` (bouncing at
     * the ends) and records the interval between frames (rAF timestamps).
     */
    scroll({ ms, px }) {
      const vp = s.viewport()
      vp.scrollTop = 0
      return new Promise((resolve) => {
        const intervals = []
        let dir = 1, last, start, travelled = 0, bounces = 0
        const step = (ts) => {
          if (start === undefined) start = ts
          else intervals.push(ts - last)
          last = ts
          if (ts - start >= ms) {
            const top = vp.scrollTop
            vp.scrollTop = 0
            return resolve({ intervals, travelled, bounces, scrollHeight: vp.scrollHeight, clientHeight: vp.clientHeight, endTop: top })
          }
          const max = vp.scrollHeight - vp.clientHeight
          let next = vp.scrollTop + dir * px
          if (next >= max || next <= 0) {
            dir = -dir
            bounces++
            next = Math.max(0, Math.min(max, next))
          }
          travelled += Math.abs(next - vp.scrollTop)
          vp.scrollTop = next
          requestAnimationFrame(step)
        }
        requestAnimationFrame(step)
      })
    },
    untilPainted,
  }
}
