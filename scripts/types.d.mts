// Types of scripts/types.mjs, for the unit tests that import it.
export const PLUGIN_NAME: string
export const PLUGIN_DIR: string
export function emitDeclarations(typesDir?: string, sdkDir?: string): void
export function bundlePlugin(options?: { production?: boolean; pluginDir?: string; typesDir?: string }): Promise<void>
export function buildTypes(options?: { production?: boolean }): Promise<void>
export function addPluginToVsix(vsix: string): Promise<void>
