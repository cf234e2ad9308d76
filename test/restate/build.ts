// Bundles what the Restate tests run in processes of their own: the worker
// (as scripts/build.mjs does for the extension) and the test endpoint.
import { buildSync } from 'esbuild'
import { join, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '../..')
export const OUT = join(ROOT, 'out/restate')
export const WASM = join(ROOT, 'node_modules/esbuild-wasm/esbuild.wasm')

let built: { worker: string; endpoint: string; bare: string } | undefined
export function buildRestateTest(): { worker: string; endpoint: string; bare: string } {
  if (built) return built
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, logLevel: 'error' as const, sourcemap: 'inline' as const }
  const worker = join(OUT, 'worker.js')
  const endpoint = join(OUT, 'endpoint.js')
  // As the production build makes it: minified, no source map (a worker parses its bundle, and a map, at every start).
  buildSync({ ...common, entryPoints: [join(ROOT, 'src/core/runtime/worker.ts')], outfile: worker, minify: true, sourcemap: false })
  buildSync({ ...common, entryPoints: [join(ROOT, 'test/restate/endpoint-main.ts')], outfile: endpoint, external: ['esbuild-wasm'], target: 'node22' })
  const bare = join(OUT, 'bare.js')
  buildSync({ ...common, entryPoints: [join(ROOT, 'test/restate/bare-main.ts')], outfile: bare, target: 'node22' })
  return (built = { worker, endpoint, bare })
}
