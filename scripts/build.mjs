// Builds every bundle with esbuild: the extension host (Node, CommonJS),
// the transaction worker, the webview (browser), and the integration suite.
import * as esbuild from 'esbuild'
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { buildTypes } from './types.mjs'

const watch = process.argv.includes('--watch')
const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
const production = process.argv.includes('--production')
// --analyze: print what the extension bundle is made of (its largest inputs), to see what activation loads.
const analyze = process.argv.includes('--analyze')
mkdirSync('dist', { recursive: true })
// Chunk names carry a hash: a production build (what npm run package ships) starts without last
// build's. A development build keeps them, so a page loaded before a rebuild still finds its chunks.
if (production) for (const dir of ['dist/chunks', 'dist/web/chunks']) rmSync(dir, { recursive: true, force: true })
copyFileSync('node_modules/esbuild-wasm/esbuild.wasm', 'dist/esbuild.wasm')
// esbuild-wasm's JavaScript (145 KB) is needed at the first compile, after activation: the extension
// requires it from a file of its own (dist/esbuild-wasm.js), so loading the extension does not parse it.
copyFileSync('node_modules/esbuild-wasm/lib/browser.js', 'dist/esbuild-wasm.js')
const esbuildWasmApart = {
  name: 'esbuild-wasm-apart',
  setup: (b) => b.onResolve({ filter: /^esbuild-wasm\/lib\/browser\.js$/ }, () => ({ path: './esbuild-wasm.js', external: true })),
}

// The chunks a bundle imports at once (code it shares with its lazy chunks), listed beside it: the page
// names them as <link rel="modulepreload">, so they load with the bundle instead of after it (core/webviewHtml.ts).
const staticImportsFile = (bundle, file) => ({
  name: 'static-imports-file',
  setup: (b) => b.onEnd(({ metafile }) => {
    if (!metafile) return
    const imports = metafile.outputs[bundle]?.imports.filter((i) => i.kind === 'import-statement').map((i) => relative(dirname(bundle), i.path)) ?? []
    writeFileSync(file, JSON.stringify(imports) + '\n')
  }),
})

// jsonc-parser's `main` is a UMD build whose require('./impl/…') calls esbuild cannot follow: bundle its ESM build.
const node = {
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, logLevel: 'warning',
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
}
const integrationEntries = readdirSync('test/integration')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join('test/integration', f))

const builds = [
  // The extension host's bundle: its zod schemas are built on first use (core/lazySchemas.ts).
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'], minify: production, metafile: analyze, plugins: [esbuildWasmApart] },
  // The transaction worker: worker.js boots worker-runtime.js through V8's code cache (runtime/codeCache.ts).
  // A pooled worker builds its schemas while it waits to be taken, so a Run never does.
  {
    ...node, entryPoints: { worker: 'src/core/runtime/workerBoot.ts', 'worker-runtime': 'src/core/runtime/worker.ts' }, outdir: 'dist', minify: production,
    define: { MINI_INTERVAL_EAGER_SCHEMAS: 'true' },
  },
  {
    bundle: true, platform: 'browser', format: 'esm', target: 'es2022', sourcemap: !production, minify: true,
    // Code most prompts never use (markdown, highlighting) is its own chunk, loaded when first needed.
    entryPoints: { webview: 'webview/main.ts' }, outdir: 'dist', splitting: true, chunkNames: 'chunks/[name]-[hash]', logLevel: 'warning',
    metafile: true, plugins: [staticImportsFile('dist/webview.js', 'dist/webview.imports.json')],
  },
  // The browser app of `mini-interval serve`: the same components, served from dist/web/.
  {
    bundle: true, platform: 'browser', format: 'esm', target: 'es2022', sourcemap: !production, minify: true,
    entryPoints: { web: 'webview/web.ts' }, outdir: 'dist/web', splitting: true, chunkNames: 'chunks/[name]-[hash]', logLevel: 'warning',
  },
  { ...node, entryPoints: integrationEntries, outdir: 'out/test/integration', external: ['vscode', 'mocha'] },
  // `mini-interval serve` (the package's bin): the same core, beside worker.js, esbuild.wasm and web/.
  {
    ...node, entryPoints: { 'mini-interval': 'src/server/main.ts' }, outdir: 'dist', minify: production,
    banner: { js: '#!/usr/bin/env node' }, define: { MINI_INTERVAL_VERSION: JSON.stringify(version) },
  },
]

if (watch) {
  await buildTypes()
  for (const b of builds) await (await esbuild.context(b)).watch()
  console.log('[build] watching')
} else {
  // The published types and the TS server plugin that serves them (scripts/types.mjs).
  const [extension] = await Promise.all([...builds.map((b) => esbuild.build(b)), buildTypes({ production })])
  if (analyze) printInputs(extension.metafile)
  chmodSync('dist/mini-interval.js', 0o755)
  console.log('[build] done')
}

/** The extension bundle's inputs by bytes in the output, by package or source folder, then the largest files. */
function printInputs(metafile) {
  const out = Object.values(metafile.outputs).find((o) => o.entryPoint === 'src/extension.ts')
  const files = Object.entries(out.inputs).map(([path, { bytesInOutput }]) => [path, bytesInOutput]).sort((a, b) => b[1] - a[1])
  const groupOf = (path) => {
    const parts = path.split('/')
    return parts[0] === 'node_modules' ? parts.slice(0, parts[1].startsWith('@') ? 3 : 2).join('/') : parts.slice(0, 3).join('/')
  }
  const groups = new Map()
  for (const [path, bytes] of files) groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) + bytes)
  const kb = (b) => `${(b / 1024).toFixed(1).padStart(7)} KB`
  console.log(`dist/extension.js: ${kb(out.bytes).trim()}\nby package or folder:`)
  for (const [g, b] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${kb(b)}  ${g}`)
  console.log('largest files:')
  for (const [path, b] of files.slice(0, 20)) console.log(`${kb(b)}  ${path}`)
}
