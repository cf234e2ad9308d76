// Builds every bundle with esbuild: the extension host (Node, CommonJS),
// the transaction worker, the webview (browser), and the integration suite.
import * as esbuild from 'esbuild'
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { buildTypes } from './types.mjs'

const watch = process.argv.includes('--watch')
const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
const production = process.argv.includes('--production')
mkdirSync('dist', { recursive: true })
// Chunk names carry a hash: a production build (what npm run package ships) starts without last
// build's. A development build keeps them, so a page loaded before a rebuild still finds its chunks.
if (production) for (const dir of ['dist/chunks', 'dist/web/chunks']) rmSync(dir, { recursive: true, force: true })
copyFileSync('node_modules/esbuild-wasm/esbuild.wasm', 'dist/esbuild.wasm')

// jsonc-parser's `main` is a UMD build whose require('./impl/…') calls esbuild cannot follow: bundle its ESM build.
const node = {
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, logLevel: 'warning',
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
}
const integrationEntries = readdirSync('test/integration')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join('test/integration', f))

const builds = [
  // The transaction worker: worker.js boots worker-runtime.js through V8's code cache (runtime/codeCache.ts).
  { ...node, entryPoints: { extension: 'src/extension.ts', worker: 'src/core/runtime/workerBoot.ts', 'worker-runtime': 'src/core/runtime/worker.ts' }, outdir: 'dist', external: ['vscode'], minify: production },
  {
    bundle: true, platform: 'browser', format: 'esm', target: 'es2022', sourcemap: !production, minify: true,
    // Code most prompts never use (markdown, highlighting) is its own chunk, loaded when first needed.
    entryPoints: { webview: 'webview/main.ts' }, outdir: 'dist', splitting: true, chunkNames: 'chunks/[name]-[hash]', logLevel: 'warning',
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
  await Promise.all([...builds.map((b) => esbuild.build(b)), buildTypes({ production })])
  chmodSync('dist/mini-interval.js', 0o755)
  console.log('[build] done')
}
