// Where an action is defined in its file, for the editor's ▶ Run lens.

/** 0-based line of the file's `export default`, else of `module.exports =`; undefined when neither is there. */
export function defaultExportLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/)
  // Only at the start of a line: an `export default` inside a comment or a string is rarely there.
  const esm = lines.findIndex((l) => /^export\s+default\b/.test(l))
  if (esm >= 0) return esm
  const cjs = lines.findIndex((l) => /^module\.exports\s*=/.test(l))
  return cjs >= 0 ? cjs : undefined
}
