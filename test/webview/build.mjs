// Builds what the webview tests serve: the webview bundle (same esbuild options
// as scripts/build.mjs) and webviewHtml() compiled for Node.
import * as esbuild from 'esbuild'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = resolve(import.meta.dirname, '../..')
export const outDir = join(root, 'out/test/webview')

export async function buildWebview() {
  mkdirSync(outDir, { recursive: true })
  await esbuild.build({
    bundle: true, platform: 'browser', format: 'esm', target: 'es2022', sourcemap: true, minify: true,
    entryPoints: { webview: join(root, 'webview/main.ts') }, outdir: outDir, splitting: true, chunkNames: 'chunks/[name]-[hash]', logLevel: 'warning',
  })
  await esbuild.build({
    bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    entryPoints: { webviewHtml: join(root, 'src/core/webviewHtml.ts') }, outdir: outDir, outExtension: { '.js': '.mjs' },
  })
  const { webviewHtml } = await import(pathToFileURL(join(outDir, 'webviewHtml.mjs')).href)
  return { webviewHtml, bundlePath: join(outDir, 'webview.js') }
}
