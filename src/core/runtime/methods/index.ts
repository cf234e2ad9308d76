// The table of io methods: each one's wire conversion.
import { date, datetime, file, slider, text, url } from './inputs'
import { heading, image, linkDisplay, metadata, object, video } from './displays'
import { search, selectMultiple, selectSingle } from './selections'
import { displayGrid, displayTable, selectTable } from './tables'
import { same, type MethodTable } from './types'

export const METHOD_IMPLS: MethodTable = {
  INPUT_TEXT: text, INPUT_EMAIL: same, INPUT_NUMBER: same, INPUT_SLIDER: slider, INPUT_BOOLEAN: same,
  INPUT_RICH_TEXT: same, INPUT_URL: url, INPUT_DATE: date, INPUT_TIME: same, INPUT_DATETIME: datetime, INPUT_FILE: file,
  SELECT_SINGLE: selectSingle, SELECT_MULTIPLE: selectMultiple, SELECT_TABLE: selectTable, SEARCH: search,
  CONFIRM: same, CONFIRM_IDENTITY: same,
  DISPLAY_HEADING: heading, DISPLAY_MARKDOWN: same, DISPLAY_HTML: same, DISPLAY_CODE: same, DISPLAY_LINK: linkDisplay,
  DISPLAY_IMAGE: image, DISPLAY_VIDEO: video, DISPLAY_OBJECT: object, DISPLAY_METADATA: metadata,
  DISPLAY_TABLE: displayTable, DISPLAY_GRID: displayGrid,
}

export { FieldError } from './types'
export { SearchState } from './selections'
