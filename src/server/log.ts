// serve's log: one line per event on stderr (stdout carries only the ready line).
export interface Logger {
  info(m: string): void
  warn(m: string): void
  error(m: string): void
}

export function consoleLogger(quiet = false): Logger {
  const at = () => new Date().toISOString().slice(11, 19)
  return {
    info: (m) => quiet || process.stderr.write(`${at()} ${m}\n`),
    warn: (m) => process.stderr.write(`${at()} warning: ${m}\n`),
    error: (m) => process.stderr.write(`${at()} error: ${m}\n`),
  }
}
