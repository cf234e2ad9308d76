// Interval entry files as action sources now live in the core
// (src/core/discovery/intervalSources.ts), owned by the ActionCatalog that
// ActionIndex wraps, so `serve` finds them exactly as the extension does.
export { IntervalSources as IntervalEntries, MAX_SCAN_BYTES } from '../core/discovery/intervalSources'
