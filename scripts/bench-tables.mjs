// Table benchmark, in headless Chromium: our <io-table> (the real webview
// bundle, driven with host messages) against @vscode/webview-ui-toolkit's
// <vscode-data-grid>, with the same generated rows, in one run.
//
//   node scripts/bench-tables.mjs [--quick] [--reps N] [--toolkit-reps N] [--no-toolkit] [--no-ours]
//
// Prints a markdown table; writes test-output/bench/tables.json. Timings are
// taken inside the page (performance.now()), each the median of a few runs,
// each run on a fresh page. See scripts/lib/bench/in-page.mjs for what
// "painted" means, and the NOTES below for each measurement.
import * as esbuild from 'esbuild'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { launchBrowser, openWebview, startServer } from '../test/webview/harness.mjs'
import { COLUMNS4, COLUMNS8, generateRows, toGridRows } from './lib/bench/data.mjs'
import { installBench } from './lib/bench/in-page.mjs'

const root = resolve(import.meta.dirname, '..')
const outDir = join(root, 'out/bench')
const reportPath = join(root, 'test-output/bench/tables.json')
const FRAME_MS = 1000 / 60

const argv = process.argv.slice(2)
const flag = (name) => argv.includes(name)
const opt = (name, dflt) => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : dflt
}
const quick = flag('--quick')
const REPS = opt('--reps', quick ? 1 : 5) // ours, every size
const TOOLKIT_REPS_1K = opt('--toolkit-reps', quick ? 1 : 3) // the toolkit grid on 1,000 rows
const TOOLKIT_REPS_10K = opt('--toolkit-reps-10k', 1) // a 10,000-row toolkit grid takes ~20 s to paint once
const SCROLL_MS = opt('--scroll-ms', quick ? 2000 : 5000)
const SCROLL_PX = opt('--scroll-px', 100) // px a frame: 6,000 px/s, a brisk fling
const SEARCH_QUERY = 'q' // one keystroke; matches a note in about one row in five (never row 0)
const SORT_COL = 3 // amount (a number)
const VIEWPORT = { width: 1200, height: 900 }

const NOTES = {
  firstPaint: 'From posting the rows into the page (window.postMessage of the tableData message: structured clone, our schema check, table store, render; toolkit: a message whose handler sets rowsData) until the first data row (id ch_0000001) is in the DOM and the frame showing it has been painted (rAF + next task). Rows are generated in the page before the clock starts.',
  search: `One keystroke: "${SEARCH_QUERY}" set as the search input's value plus an input event (ours), until the first row is a matching row and a frame is painted. The toolkit grid has no search: its baseline is an app-side filter of the rows (any cell containing the text, case-insensitive) set as rowsData, filter time included. Measured after the sort, on the sorted rows, on both sides.`,
  sort: 'A click on the amount column\'s sort button (ours), from the unsorted table, until the row with the smallest amount is first and a frame is painted. The toolkit grid has no sort: its baseline is an app-side sorted copy (Array.prototype.sort by amount) set as rowsData, sort time included.',
  scroll: `The viewport's scrollTop moved by ${SCROLL_PX} px in every requestAnimationFrame callback for ${SCROLL_MS / 1000} s (bouncing at the ends); frame time = interval between rAF timestamps (headless Chromium: 60 Hz). Dropped frames = sum over intervals of round(interval / 16.7 ms) - 1; fps = frames / elapsed. Main-thread frame pacing only: rasterisation (software, --disable-gpu) is off the main thread.`,
  heap: 'After first paint: CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage (usedSize = V8 JS heap; embedderHeapUsedSize = Blink/DOM objects) and Memory.getDOMCounters; delta = minus the same on the page before the rows were posted. The page holds no other copy of the rows.',
}

// ---------------------------------------------------------------------------

async function waitForChromium() {
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  for (let waited = 0; !existsSync(exe); waited += 10) {
    if (waited === 0) console.error(`waiting for ${exe} (scripts/setup-test-env.sh installs it)…`)
    if (waited > 900) throw new Error(`${exe} not found: run bash scripts/setup-test-env.sh`)
    await new Promise((r) => setTimeout(r, 10_000))
  }
}

/** The webview bundle (same esbuild options as test/webview/build.mjs), webviewHtml for Node, and the toolkit grid page. */
async function build() {
  mkdirSync(outDir, { recursive: true })
  const browserOpts = { bundle: true, platform: 'browser', format: 'esm', target: 'es2022', sourcemap: true, minify: true, outdir: outDir, logLevel: 'warning' }
  await esbuild.build({ ...browserOpts, entryPoints: { webview: join(root, 'webview/main.ts') } })
  await esbuild.build({ ...browserOpts, entryPoints: { toolkit: join(root, 'scripts/lib/bench/toolkit-grid-page.mjs') } })
  await esbuild.build({
    bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    entryPoints: { webviewHtml: join(root, 'src/core/webviewHtml.ts') }, outdir: outDir, outExtension: { '.js': '.mjs' },
  })
  const { webviewHtml } = await import(pathToFileURL(join(outDir, 'webviewHtml.mjs')).href)
  return { webviewHtml, ours: join(outDir, 'webview.js'), toolkit: join(outDir, 'toolkit.js') }
}

const median = (xs) => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}
const round = (x, d = 1) => (x == null ? x : Math.round(x * 10 ** d) / 10 ** d)

function scrollStats(r) {
  const iv = r.intervals
  const elapsed = iv.reduce((a, b) => a + b, 0)
  const dropped = iv.reduce((a, b) => a + Math.max(0, Math.round(b / FRAME_MS) - 1), 0)
  return {
    frames: iv.length, elapsedMs: round(elapsed), medianFrameMs: round(median(iv), 2), p95FrameMs: round(pct(iv, 95), 2),
    maxFrameMs: round(Math.max(...iv), 2), droppedFrames: dropped, fps: round((iv.length * 1000) / elapsed, 1),
    pxPerFrame: SCROLL_PX, travelledPx: Math.round(r.travelled), bounces: r.bounces, scrollHeight: r.scrollHeight, viewportHeight: r.clientHeight,
  }
}

async function heapOf(page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const h = await cdp.send('Runtime.getHeapUsage')
  const dom = await cdp.send('Memory.getDOMCounters').catch(() => ({}))
  await cdp.detach()
  return { jsUsedBytes: h.usedSize, jsTotalBytes: h.totalSize, embedderUsedBytes: h.embedderHeapUsedSize ?? null, domNodes: dom.nodes ?? null }
}

/** What each size's measurements expect to see first, computed from the same rows in Node. */
function expectations(n, cols) {
  const rows = generateRows(n, cols)
  const idsWithMin = (rs) => {
    const min = Math.min(...rs.map((r) => r[SORT_COL]))
    return rs.filter((r) => r[SORT_COL] === min).map((r) => r[0])
  }
  const matching = rows.filter((r) => r.some((c) => typeof c === 'string' && c.toLowerCase().includes(SEARCH_QUERY)))
  return { firstId: rows[0][0], sortFirstIds: idsWithMin(rows), searchFirstIds: idsWithMin(matching), matches: matching.length }
}

const tableState = (n, columns, dataId) => ({
  type: 'state',
  state: {
    id: 'tx-bench', action: { slug: 'charges', name: 'Charges' }, status: 'awaiting', startedAt: new Date(0).toISOString(), feed: [], logs: [],
    prompt: {
      seq: 1,
      components: [{
        method: 'DISPLAY_TABLE', label: 'Charges',
        props: { dataId, columns: columns.map((label) => ({ label })), rowCount: n, isSortable: true, isFilterable: true },
      }],
    },
  },
})

/**
 * One size on one side: `reps` fresh pages; each measures first paint, heap,
 * then (unless firstPaintOnly) scroll (first page only), sort, search.
 */
async function measure(browser, url, side, { n, cols, reps, firstPaintOnly, viewportHeight }) {
  const columns = cols === 8 ? COLUMNS8 : COLUMNS4
  const exp = expectations(n, cols)
  const res = { rows: n, columns: cols, reps, firstPaint: [], heap: [], search: [], sort: [], scroll: null, errors: [], info: {} }
  for (let rep = 0; rep < reps; rep++) {
    const w = await openWebview(browser, url, { viewport: VIEWPORT })
    const { page } = w
    try {
      await page.evaluate(`(${installBench})(${JSON.stringify(side)}, ${generateRows}, ${toGridRows})`)
      if (side === 'ours') {
        await w.send(tableState(n, columns, 't1'))
      } else {
        if (viewportHeight) await page.evaluate((h) => window.__bench.setViewportHeight(h), viewportHeight)
        await w.send({ type: 'gridData', columns, rows: [] })
      }
      await page.waitForFunction(() => window.__bench.ready(), null, { timeout: 10_000 })
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))))
      const before = await heapOf(page)
      const fp = await page.evaluate((a) => window.__bench.firstPaint(a), { n, cols, columns, dataId: 't1', firstId: exp.firstId })
      res.firstPaint.push(fp.ms)
      res.info.rowElementsAfterFirstPaint = fp.rowElements
      res.info.countText = fp.count
      res.info.viewportHeight = await page.evaluate(() => window.__bench.viewportHeight())
      const after = await heapOf(page)
      res.heap.push({ ...after, jsDeltaBytes: after.jsUsedBytes - before.jsUsedBytes,
        embedderDeltaBytes: after.embedderUsedBytes != null ? after.embedderUsedBytes - before.embedderUsedBytes : null,
        domNodesDelta: after.domNodes != null ? after.domNodes - before.domNodes : null })
      if (firstPaintOnly) continue
      if (rep === 0) {
        const s = await page.evaluate((a) => window.__bench.scroll(a), { ms: SCROLL_MS, px: SCROLL_PX })
        res.scroll = scrollStats(s)
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))))
      }
      const so = await page.evaluate((a) => window.__bench.sort(a), { col: SORT_COL, key: columns[SORT_COL], expectFirstIds: exp.sortFirstIds })
      res.sort.push(so.ms)
      const se = await page.evaluate((a) => window.__bench.search(a), { query: SEARCH_QUERY, expectFirstIds: exp.searchFirstIds })
      res.search.push(se.ms)
      res.info.afterSearch = { rowElements: se.rowElements, countText: se.count, expectedMatches: exp.matches }
    } catch (e) {
      res.errors.push(`rep ${rep}: ${String(e.message ?? e).split('\n')[0]}`)
    } finally {
      if (w.consoleErrors.length) res.errors.push(...w.consoleErrors.slice(0, 3).map((m) => `console: ${m}`))
      await page.close()
    }
  }
  res.median = {
    firstPaintMs: round(median(res.firstPaint)),
    searchMs: round(median(res.search)),
    sortMs: round(median(res.sort)),
    jsHeapMB: round(median(res.heap.map((h) => h.jsUsedBytes)) / 2 ** 20, 2),
    jsHeapDeltaMB: round(median(res.heap.map((h) => h.jsDeltaBytes)) / 2 ** 20, 2),
    embedderHeapDeltaMB: res.heap[0]?.embedderDeltaBytes != null ? round(median(res.heap.map((h) => h.embedderDeltaBytes)) / 2 ** 20, 2) : null,
    domNodesDelta: res.heap[0]?.domNodesDelta != null ? median(res.heap.map((h) => h.domNodesDelta)) : null,
  }
  for (const k of ['firstPaint', 'search', 'sort']) res[k] = res[k].map((x) => round(x, 2))
  return res
}

// ---------------------------------------------------------------------------

async function main() {
  const t0 = Date.now()
  await waitForChromium()
  const haveOurs = existsSync(join(root, 'webview/components/io-table.ts'))
  const built = await build()
  const servers = {
    ours: await startServer({ webviewHtml: built.webviewHtml, bundlePath: built.ours }),
    toolkit: await startServer({ webviewHtml: built.webviewHtml, bundlePath: built.toolkit }),
  }
  const browser = await launchBrowser()
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavg: os.loadavg().map((x) => round(x, 2)), node: process.version, chromium: browser.version() },
    config: { reps: REPS, toolkitReps1k: TOOLKIT_REPS_1K, toolkitReps10k: TOOLKIT_REPS_10K, scrollMs: SCROLL_MS, scrollPxPerFrame: SCROLL_PX, searchQuery: SEARCH_QUERY, sortColumn: COLUMNS8[SORT_COL], pageViewport: VIEWPORT },
    notes: NOTES,
    ours: {},
    toolkit: {},
    comparisons: [],
    targets: [],
    skipped: [],
  }
  const log = (m) => console.error(`[${((Date.now() - t0) / 1000).toFixed(0)}s] ${m}`)
  try {
    let viewportHeight = 600
    if (haveOurs && !flag('--no-ours')) {
      for (const [n, cols, firstPaintOnly] of [[1000, 8], [10000, 8], [100000, 8], [10000, 4, true]]) {
        log(`ours ${n}×${cols}`)
        report.ours[`${n}x${cols}`] = await measure(browser, servers.ours.url, 'ours', { n, cols, reps: REPS, firstPaintOnly })
      }
      viewportHeight = report.ours['1000x8'].info.viewportHeight || viewportHeight
    } else {
      report.skipped.push(haveOurs ? 'ours: --no-ours' : 'ours: webview/components/io-table.ts does not exist yet')
    }
    if (!flag('--no-toolkit')) {
      for (const [n, cols, reps, firstPaintOnly] of [[1000, 8, TOOLKIT_REPS_1K], [10000, 8, TOOLKIT_REPS_10K], [10000, 4, TOOLKIT_REPS_10K, true]]) {
        log(`toolkit ${n}×${cols}`)
        report.toolkit[`${n}x${cols}`] = await measure(browser, servers.toolkit.url, 'toolkit', { n, cols, reps, firstPaintOnly, viewportHeight })
      }
    }
  } finally {
    await browser.close()
    await servers.ours.close()
    await servers.toolkit.close()
  }
  report.totalSeconds = round((Date.now() - t0) / 1000)
  summarize(report)
  mkdirSync(join(root, 'test-output/bench'), { recursive: true })
  writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n')
  console.log(markdown(report))
  console.log(`\nFull report: ${reportPath.slice(root.length + 1)} (${report.totalSeconds} s)`)
}

/** Comparisons (ours ÷ toolkit, same size) and targets, into the report. */
function summarize(r) {
  const o = (k) => r.ours[k]?.median
  const t = (k) => r.toolkit[k]?.median
  const os_ = (k) => r.ours[k]?.scroll
  const ts = (k) => r.toolkit[k]?.scroll
  const rows = []
  const add = (measurement, size, ours, toolkit, unit, extra = {}) =>
    rows.push({ measurement, size, ours, toolkit, unit, ratio: ours != null && toolkit != null && toolkit !== 0 ? ours / toolkit : null, ...extra })
  for (const k of ['1000x8', '10000x8', '100000x8', '10000x4']) {
    const size = k.replace('x', ' × ')
    add('first paint', size, o(k)?.firstPaintMs, t(k)?.firstPaintMs, 'ms')
    if (k === '10000x4') continue
    add('search keystroke', size, o(k)?.searchMs, t(k)?.searchMs, 'ms', { baselineNote: 'toolkit: filtered rowsData' })
    add('sort (click)', size, o(k)?.sortMs, t(k)?.sortMs, 'ms', { baselineNote: 'toolkit: sorted rowsData' })
    add('scroll: median frame', size, os_(k)?.medianFrameMs, ts(k)?.medianFrameMs, 'ms')
    add('scroll: p95 frame', size, os_(k)?.p95FrameMs, ts(k)?.p95FrameMs, 'ms')
    add('scroll: fps (dropped frames)', size, os_(k)?.fps, ts(k)?.fps, 'fps', { oursDropped: os_(k)?.droppedFrames, toolkitDropped: ts(k)?.droppedFrames })
    add('JS heap after render (Δ)', size, o(k)?.jsHeapDeltaMB, t(k)?.jsHeapDeltaMB, 'MB')
    add('DOM heap after render (Δ)', size, o(k)?.embedderHeapDeltaMB, t(k)?.embedderHeapDeltaMB, 'MB')
  }
  for (const c of rows) if (c.size.startsWith('100000')) c.frameRatio = c.unit === 'ms' && c.ours != null && !c.measurement.startsWith('scroll') ? c.ours / FRAME_MS : null
  r.comparisons = rows.filter((c) => c.ours != null || c.toolkit != null)

  const target = (name, value, ok, criterion) => r.targets.push({ name, value, criterion, met: value == null ? null : ok })
  const big = o('100000x8')
  target('100k×8 first paint', big?.firstPaintMs, big?.firstPaintMs <= 150, '≤ 150 ms')
  for (const k of ['1000x8', '10000x8', '100000x8']) {
    target(`search keystroke ${k.replace('x', '×')}`, o(k)?.searchMs, o(k)?.searchMs <= 50, '≤ 50 ms')
    target(`sort ${k.replace('x', '×')}`, o(k)?.sortMs, o(k)?.sortMs <= 150, '≤ 150 ms')
    const s = os_(k)
    target(`scroll holds 60 fps ${k.replace('x', '×')}`, s ? `${s.fps} fps, p95 ${s.p95FrameMs} ms, ${s.droppedFrames} dropped` : null,
      s && s.p95FrameMs <= 17 && s.fps >= 57, 'p95 frame ≤ 17 ms and ≥ 57 fps')
  }
  const speedup = t('10000x4')?.firstPaintMs != null && o('10000x4')?.firstPaintMs ? t('10000x4').firstPaintMs / o('10000x4').firstPaintMs : null
  target('10k×4 first paint ≥ 100× faster than the toolkit grid', speedup == null ? null : `${round(speedup, 1)}×`, speedup >= 100, 'toolkit ÷ ours ≥ 100')
}

function markdown(r) {
  const fmt = (v, unit) => (v == null ? '—' : unit === 'fps' ? `${v}` : unit === 'MB' ? `${v} MB` : `${v} ms`)
  const lines = [
    '| measurement | size | ours | toolkit grid | ours ÷ toolkit | ours ÷ 16.7 ms frame |',
    '|---|---|---:|---:|---:|---:|',
  ]
  for (const c of r.comparisons) {
    let ours = fmt(c.ours, c.unit)
    let tk = fmt(c.toolkit, c.unit)
    if (c.oursDropped != null) ours += ` (${c.oursDropped} dropped)`
    if (c.toolkitDropped != null) tk += ` (${c.toolkitDropped} dropped)`
    if (c.toolkit == null && c.size.startsWith('100000')) tk = 'not measured'
    if (c.baselineNote && c.toolkit != null) tk += '*'
    lines.push(`| ${c.measurement} | ${c.size} | ${ours} | ${tk} | ${c.ratio == null ? '—' : c.ratio.toPrecision(3)} | ${c.frameRatio == null ? '' : c.frameRatio.toPrecision(3)} |`)
  }
  lines.push('', '\\* the toolkit grid has no search or sort: its figure is an app-side filtered / sorted copy set as `rowsData` (filter/sort time included).', '')
  lines.push('| target | value | criterion | met |', '|---|---|---|---|')
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.value == null ? '—' : typeof t.value === 'number' ? `${t.value} ms` : t.value} | ${t.criterion} | ${t.met == null ? 'not measured' : t.met ? 'met' : 'NOT met'} |`)
  const errs = [...Object.entries(r.ours), ...Object.entries(r.toolkit)].flatMap(([k, v]) => v.errors.map((e) => `${k}: ${e}`))
  if (r.skipped.length || errs.length) lines.push('', ...r.skipped.map((s) => `- skipped ${s}`), ...errs.map((e) => `- error ${e}`))
  return lines.join('\n')
}

main().then(() => process.exit(0), (e) => (console.error(e), process.exit(1)))
