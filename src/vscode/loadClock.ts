// When the extension's bundle began to evaluate. extension.ts imports this first, so esbuild
// evaluates it before any other module: activation is timed from here, module load included.
export const loadStarted = performance.now()
