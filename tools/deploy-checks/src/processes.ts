import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { processEnv } from '@tronpay/config';

export const ROOT = path.resolve(__dirname, '../../..');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never throws for a non-zero exit (the caller asserts on it). */
export async function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const env = { ...processEnv(), ...options.env };
  const exec = promisify(execFile);
  const child = exec(file, args, { cwd: options.cwd ?? ROOT, env, maxBuffer: 256 << 20, timeout: options.timeoutMs ?? 120_000 });
  if (options.input !== undefined) {
    child.child.stdin?.end(options.input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? err.message };
  }
}

/** `path` of a command found on PATH, or null. */
export function which(command: string): string | null {
  for (const dir of (processEnv()['PATH'] ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

export interface Background {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | string>;
  /** SIGTERM (then SIGKILL after `graceMs`) and wait for the exit. */
  stop(graceMs?: number): Promise<number | string>;
}

/** Starts a long-running process, keeping its output for the failure message. */
export function background(file: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Background {
  const child = spawn(file, args, { cwd: options.cwd ?? ROOT, env: { ...processEnv(), ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + String(d)).slice(-200_000)));
  child.stderr?.on('data', (d) => (out = (out + String(d)).slice(-200_000)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    output: () => out,
    exited,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
}

/** Polls until `fn` gives a truthy value or the process behind it is gone; the deadline only bounds a hang. */
export async function eventually<T>(what: string, fn: () => Promise<T | false | null | undefined>, timeoutMs = 60_000, proc?: Background): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`${what}: the process exited:\n${proc.output()}`);
    }
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}${proc ? `\n${proc.output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
