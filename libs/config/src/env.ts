import { readFileSync } from 'node:fs';

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** The one place that reads process.env. Everything else receives an EnvSource. */
export function processEnv(): EnvSource {
  return process.env;
}

/**
 * Resolves a secret from `NAME` or from the file named by `NAME_FILE` (a mounted Kubernetes
 * secret). Trailing newlines of the file are dropped. Both set is an error: which one wins
 * would be a guess.
 */
export function readSecret(env: EnvSource, name: string): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct !== undefined && direct !== '' && file) {
    throw new Error(`${name} and ${name}_FILE are both set: set only one`);
  }
  if (file) {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new Error(`${name}_FILE: cannot read ${file} (${reason})`);
    }
  }
  return direct === '' ? undefined : direct;
}
