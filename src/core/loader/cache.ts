// Keeps each compiled action until the file or one of its imports changes.
import { compileAction, stamp, type CompiledAction } from './compile'

export class CompileCache {
  private readonly entries = new Map<string, CompiledAction>()
  private readonly pending = new Map<string, Promise<CompiledAction>>()

  constructor(
    private readonly wasmPath: string,
    private readonly compile: (file: string, wasmPath: string, say?: (line: string) => void) => Promise<CompiledAction> = compileAction,
    /** Hears which esbuild compiles (native or wasm), once. */
    private readonly say?: (line: string) => void,
  ) {}

  /** The cached build when every input still has the stamp it had; a fresh build otherwise. */
  get(file: string): Promise<CompiledAction> {
    const cached = this.entries.get(file)
    if (cached && Object.entries(cached.inputs).every(([f, s]) => stamp(f) === s)) return Promise.resolve(cached)
    let p = this.pending.get(file)
    if (!p) {
      p = this.compile(file, this.wasmPath, this.say).then(
        (c) => (this.entries.set(file, c), c),
        (e) => (this.entries.delete(file), Promise.reject(e)),
      )
      const clear = (): void => void this.pending.delete(file)
      p.then(clear, clear)
      this.pending.set(file, p)
    }
    return p
  }

  forget(file: string): void {
    this.entries.delete(file)
  }
}
