// A TypeScript server plugin (contributes.typescriptServerPlugins): in a
// workspace where 'mini-interval' or '@interval/sdk' resolves to nothing (no
// node_modules, no tsconfig paths), it resolves them to the declarations
// shipped beside this file, so action files get completion, hover docs and type
// errors with nothing installed. Any other resolution (an installed package, a
// `paths` mapping) wins. Bundled by scripts/build.mjs to
// node_modules/mini-interval-ts-plugin/, where tsserver looks for it.
import * as path from 'node:path'
import type * as ts from 'typescript/lib/tsserverlibrary'

/** The module names this plugin answers for. */
export const MODULES = new Set(['mini-interval', '@interval/sdk'])

type Resolve = NonNullable<ts.LanguageServiceHost['resolveModuleNameLiterals']>

/** Wraps a host's resolver: unresolved 'mini-interval' and '@interval/sdk' become `declarations`. */
export function withFallback(original: Resolve, declarations: string): Resolve {
  return (literals, ...rest) => {
    const resolved = original(literals, ...rest)
    return resolved.map((r, i) =>
      r.resolvedModule || !MODULES.has(literals[i].text)
        ? r
        : { resolvedModule: { resolvedFileName: declarations, extension: '.d.ts' as ts.Extension, isExternalLibraryImport: true } },
    )
  }
}

/** tsserver calls the module itself: the bundle's footer makes `init` the module (scripts/types.mjs). */
export function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const tsm = modules.typescript
  return {
    create(info) {
      // `config.declarations` (a test's, or a tsconfig's plugin entry) overrides the copy shipped beside the bundle.
      const declarations: string = info.config?.declarations ?? path.join(__dirname, 'types', 'index.d.ts')
      const host = info.languageServiceHost
      // tsserver's project implements resolveModuleNameLiterals; a host without one resolves the standard way.
      const original: Resolve = host.resolveModuleNameLiterals?.bind(host) ??
        ((literals, containingFile, redirected, options) =>
          literals.map((l) => tsm.resolveModuleName(l.text, containingFile, options, tsm.sys, undefined, redirected)))
      host.resolveModuleNameLiterals = withFallback(original, declarations)
      info.project?.projectService?.logger.info(`mini-interval-ts-plugin: unresolved ${[...MODULES].join(', ')} resolve to ${declarations}`)
      return info.languageService
    },
  }
}
