// Glob patterns as VS Code's include/exclude settings use them:
// `**` spans folders, `*` and `?` stay inside one, `{a,b}` and `[abc]` choose.
export function globToRegExp(glob: string): RegExp {
  let re = ''
  let braces = 0
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/'
        re += slashAfter ? '(?:.*/)?' : '.*'
        i += slashAfter ? 2 : 1
      } else re += '[^/]*'
    } else if (c === '?') re += '[^/]'
    else if (c === '{') (braces++, (re += '(?:'))
    else if (c === '}' && braces > 0) (braces--, (re += ')'))
    else if (c === ',' && braces > 0) re += '|'
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1)
      if (end < 0) re += '\\['
      else {
        re += '[' + glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']'
        i = end
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

/** Compiles include and exclude globs once; `matches` takes a workspace-relative posix path. */
export class FileFilter {
  private readonly include: RegExp[]
  private readonly exclude: RegExp[]
  constructor(include: string | string[], exclude: string[] = []) {
    this.include = [include].flat().map(globToRegExp)
    this.exclude = exclude.map(globToRegExp)
  }
  matches(relPath: string): boolean {
    const p = relPath.replace(/\\/g, '/')
    return this.include.some((r) => r.test(p)) && !this.exclude.some((r) => r.test(p))
  }
}
