// Which workspace files are Interval entry files: a cheap text test, so that
// discovery reads files without running them (running happens in a worker).
const CONSTRUCTS = /\bnew\s+(?:Experimental)?Interval\s*\(/
const IMPORTS_SDK = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](?:@interval\/sdk|mini-interval)(?:\/[^'"]*)?['"]/

/** Whether `source` constructs `new Interval(…)` / `new ExperimentalInterval(…)` and imports the SDK. */
export function isIntervalEntry(source: string): boolean {
  return CONSTRUCTS.test(source) && IMPORTS_SDK.test(source)
}

/** The source files that may be entry files (what Interval itself ran: TypeScript and JavaScript). */
export const ENTRY_CANDIDATES = '**/*.{ts,mts,cts,js,mjs,cjs}'
