// What the bench phase and, after its reload, the benchbig phase share.
import { join } from 'node:path'
import * as vscode from 'vscode'

/** What benchbig opens after the reload: this many action files and History runs. */
export const BIG = { actions: 1000, runs: 100_000 }

/** The results file, written by the bench phase and completed by benchbig. */
export const benchOut = (): string =>
  process.env.MINI_INTERVAL_BENCH_OUT ?? join(vscode.extensions.getExtension('mini-interval.mini-interval')!.extensionPath, 'test-output', 'bench-vscode.json')
