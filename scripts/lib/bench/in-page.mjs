// What the benchmark runs inside the page. `installBench` is self-contained:
// it is turned into a string and evaluated in the page (through the DevTools
// protocol, so the page's CSP does not apply), with the data generators as
// arguments. Every timing is taken in the page with performance.now(); the
// DevTools round trips are outside the timed regions.
//
// "Painted": the change is in the DOM and the frame showing it has been
// produced. The check runs after each DOM mutation of the table (found there:
// the next frame paints it) and in every animation-frame callback (found
// there: that same frame paints it); either way the time is taken in the
// first task after that frame's rAF, i.e. after its style, layout and paint.

/**
 * Runs before the page's scripts (an init script), so that its message
 * listener is the first: it stamps the arrival of the armed message and
 * reads its data (which Chromium deserialises on first access).
 */
export function earlyMessageProbe() {
  window.addEventListener('message', (e) => {
    const arm = window.__msgArm
    if (!arm) return
    window.__msgArm = null
    arm.arrived = performance.now()
    void e.data
    arm.deserialized = performance.now()
  })
}

export function installBench(side, generateRows, toGridRows) {
  if (window.__bench) return
  /**
   * Resolves with performance.now() once check() holds and a frame has been
   * painted after it. check() runs after every DOM mutation under `root` (a
   * MutationObserver: no busy polling), in every rAF callback, and every 50 ms
   * as a fallback.
   */
  function untilPainted(check, root, timeout = 180000) {
    const end = performance.now() + timeout
    return new Promise((resolve, reject) => {
      let done = false
      let timer = 0
      const mo = root ? new MutationObserver(() => { if (!done && check()) finish(false) }) : null
      const stamp = () => setTimeout(() => resolve(performance.now()), 0)
      const stop = () => {
        done = true
        mo?.disconnect()
        clearTimeout(timer)
      }
      // Found in a rAF callback: this frame paints it. Found after a mutation (in a task): the next frame does.
      const finish = (inFrame) => {
        stop()
        if (inFrame) stamp()
        else requestAnimationFrame(stamp)
      }
      const frame = () => {
        if (done) return
        if (check()) return finish(true)
        requestAnimationFrame(frame)
      }
      const poll = () => {
        if (done) return
        if (check()) return finish(false)
        if (performance.now() > end) {
          stop()
          return reject(new Error(`timed out after ${timeout} ms`))
        }
        timer = setTimeout(poll, 50)
      }
      mo?.observe(root, { childList: true, subtree: true, characterData: true })
      requestAnimationFrame(frame)
      timer = setTimeout(poll, 50)
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

  // Splits a first paint (see earlyMessageProbe): when the message event
  // arrives, what reading its data (deserialising) costs, and when the page's
  // own handlers are done.
  let arm = null
  window.addEventListener('message', () => {
    if (!arm) return
    arm.handled = performance.now()
    arm = null
  })

  /** The floor every message pays: structuredClone of the same message (postMessage clones it). */
  function cloneTime(message) {
    const t0 = performance.now()
    structuredClone(message)
    return performance.now() - t0
  }

  /** JSON.parse alone of the same text (null when the rows travel as arrays). */
  function parseTime(json) {
    if (json === undefined) return null
    const t0 = performance.now()
    JSON.parse(json)
    return performance.now() - t0
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
      // Recycled rows may not be in DOM order: take the lowest aria-rowindex when rows carry one,
      // else the smallest translateY (virtual rows placed by transform), else the first in the DOM.
      let key = null
      if (rows[0].hasAttribute('aria-rowindex')) key = (r) => Number(r.getAttribute('aria-rowindex'))
      else if (/translateY\(/.test(rows[0].style.transform)) key = (r) => parseFloat(/translateY\(([-\d.e]+)px\)/.exec(r.style.transform)?.[1] ?? 'Infinity')
      if (!key) return rows[0]
      let best = rows[0], bestKey = key(best)
      for (const r of rows) {
        const k = key(r)
        if (k < bestKey) (best = r), (bestKey = k)
      }
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
    root: () => ioTable()?.shadowRoot ?? document,
    // The host's side (untimed): the rows as the protocol carries them (src/core/runtime/channel.ts):
    // JSON text, gzipped and base64-encoded from 2 MiB on (the worker uses zlib level 1; here the browser's gzip).
    async post(n, cols, columns, dataId) {
      const rows = generateRows(n, cols)
      const s0 = performance.now()
      const json = JSON.stringify({ rows })
      let message = { type: 'tableData', dataId, json }
      if (json.length >= 2 * 1024 * 1024) {
        const bytes = new Uint8Array(await new Response(new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer())
        let bin = ''
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
        message = { type: 'tableData', dataId, gzip: btoa(bin) }
      }
      const hostMs = performance.now() - s0
      return { hostMs, send: () => window.postMessage(message, '*'), cloneMs: () => cloneTime(message), parseMs: () => parseTime(json), drop: () => (message = null) }
    },
  }
  const toolkit = {
    firstRow: () => window.__toolkit.grid.querySelector('vscode-data-grid-row[row-type="default"]'),
    rowCount: () => window.__toolkit.grid.querySelectorAll('vscode-data-grid-row[row-type="default"]').length,
    viewport: () => window.__toolkit.viewport,
    countText: () => null,
    root: () => window.__toolkit.grid,
    post(n, cols, columns, dataId, wire) {
      const rows = toGridRows(generateRows(n, cols), columns)
      const s0 = performance.now()
      let message = wire === 'json' ? { type: 'gridData', columns, json: JSON.stringify(rows) } : { type: 'gridData', columns, rows }
      const hostMs = performance.now() - s0
      return { hostMs, send: () => window.postMessage(message, '*'), cloneMs: () => cloneTime(message), parseMs: () => parseTime(message.json), drop: () => (message = null) }
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
    const root = s.root()
    const t0 = performance.now()
    start()
    const t1 = await untilPainted(check, root)
    return t1 - t0
  }

  /**
   * Resolves once three idle callbacks in a row had at least `minIdle` ms
   * (at most `maxMs`): background work (our search index, built in idle
   * slices) is done. Each next callback is requested from a task after the
   * idle period, so it queues behind idle work re-requested in that period.
   * 50 ms is a fully idle page; while an animation runs (the loading bar
   * before the rows arrive) idle periods are shorter than a frame.
   */
  function settle({ minIdle = 45, maxMs = 3000 } = {}) {
    const end = performance.now() + maxMs
    let calm = 0
    return new Promise((resolve) => {
      const tick = (d) => {
        calm = d.timeRemaining() >= minIdle ? calm + 1 : 0
        if (calm >= 3 || performance.now() > end) resolve(calm >= 3)
        else setTimeout(() => requestIdleCallback(tick), 0)
      }
      requestIdleCallback(tick)
    })
  }

  window.__bench = {
    side,
    settle,
    deepQuery,
    deepQueryAll,
    ready: () => (side === 'ours' ? ioTable() !== null : !!window.__toolkit),
    firstRowText: () => s.firstRow()?.textContent.replace(/\s+/g, ' ').trim() ?? null,
    rowCount: () => s.rowCount(),
    countText: () => s.countText(),
    viewportHeight: () => s.viewport()?.clientHeight ?? null,
    setViewportHeight: (px) => window.__toolkit?.setViewportHeight(px),
    /** From posting the rows (generated beforehand, untimed) until the first data row is painted. */
    async firstPaint({ n, cols, columns, dataId, firstId, wire }) {
      const post = await s.post(n, cols, columns, dataId, wire)
      const marks = (arm = window.__msgArm = {})
      const t0 = performance.now()
      post.send()
      const posted = performance.now()
      const t1 = await untilPainted(firstHas(firstId), s.root())
      const cloneMs = post.cloneMs()
      const jsonParseMs = post.parseMs()
      post.drop()
      return {
        ms: t1 - t0,
        postCallMs: posted - t0, // serialising the message
        arrivalMs: marks.arrived - t0,
        deserializeMs: marks.deserialized - marks.arrived,
        handlersMs: marks.handled - marks.deserialized, // the page's message handlers (ours: JSON.parse when JSON, schema check, store, sync render work)
        fromDataMs: t1 - marks.deserialized, // the page's own work: from the rows being in hand to painted
        hostEncodeMs: post.hostMs, // untimed: JSON.stringify on the host's side, when the wire is JSON
        cloneMs, jsonParseMs, rowElements: s.rowCount(), count: s.countText(),
      }
    },
    /**
     * Ours only, as the worker sends a large table (src/core/runtime/channel.ts): its first 500 rows
     * in one small message, then all rows (gzipped from 2 MiB). Times the first row painted from the
     * first message, and the table complete (its count shows every row) from the same start.
     */
    async firstRowsThenAll({ n, cols, columns, dataId, firstId, allCount }) {
      const head = { type: 'tableData', dataId, json: JSON.stringify({ rows: generateRows(500, cols) }) }
      const all = await ours.post(n, cols, columns, dataId)
      const t0 = performance.now()
      window.postMessage(head, '*')
      const t1 = await untilPainted(firstHas(firstId), s.root())
      all.send()
      const t2 = await untilPainted(() => s.countText() === allCount, s.root())
      all.drop()
      return { firstRowsMs: t1 - t0, allRowsMs: t2 - t0 }
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
        const work = [] // main thread: from this rAF callback to the first task after the frame (rAF callbacks, style, layout, paint)
        let dir = 1, last, start, travelled = 0, bounces = 0
        const step = (ts) => {
          const t = performance.now()
          setTimeout(() => work.push(performance.now() - t), 0)
          if (start === undefined) start = ts
          else intervals.push(ts - last)
          last = ts
          if (ts - start >= ms) {
            const top = vp.scrollTop
            vp.scrollTop = 0
            return resolve({ intervals, work, travelled, bounces, scrollHeight: vp.scrollHeight, clientHeight: vp.clientHeight, endTop: top })
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
