// Messages and DOM events shared inside the webview.
import type { HostToWebview } from '../../src/core/protocol'

/** The host messages that replace what the panel shows. */
export type ScreenMessage = Extract<HostToWebview, { type: 'state' | 'history' }>
export type SearchResultsMessage = Extract<HostToWebview, { type: 'searchResults' }>

/** Fired on window when search results arrive; io.search listens for it. */
export const SEARCH_RESULTS_EVENT = 'mi-search-results'
