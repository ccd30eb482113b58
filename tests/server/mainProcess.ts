import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const children: ChildProcessWithoutNullStreams[] = []

export interface MainProcess {
  child: ChildProcessWithoutNullStreams
  /** The base URL once it says it listens; rejects if it exits first. */
  listening: Promise<string>
  exited: Promise<number | null>
  output(): string
}

/** Starts `server/main.ts` as `npm run serve` does, with these variables on top of the test's environment. */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
  })
  children.push(child)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    child.on('exit', () => reject(new Error(`server exited before listening:\n${output}`)))
  })
  return { child, listening, exited, output: () => output }
}

/** Kills every server this file started that is still running (afterEach). */
export function killStartedMains(): void {
  for (const child of children.splice(0)) child.kill('SIGKILL')
}
