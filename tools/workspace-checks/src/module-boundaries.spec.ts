import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { processEnv } from '@tronpay/config';

const root = path.resolve(__dirname, '../../..');
const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');

const FIXTURES = [
  'apps/gateway/src/lint-fixtures/app-imports-app.ts',
  'apps/gateway/src/lint-fixtures/imports-tronweb.ts',
  'apps/gateway/src/lint-fixtures/reads-env.ts',
  'libs/config/src/lint-fixtures/util-imports-transport.ts',
  'libs/config/src/lint-fixtures/reads-env-allowed.ts',
  'libs/tron/src/lint-fixtures/imports-tronweb-allowed.ts',
];

interface LintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; message: string }>;
}

describe('module boundaries are enforced by lint', () => {
  const rules = new Map<string, string[]>();

  // ESLint runs as its own process, as in CI (its ESM config cannot load inside Jest's VM).
  // The fixtures are ignored by the normal lint run; --no-ignore lints them on purpose.
  beforeAll(async () => {
    const env = { ...processEnv(), NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
    // The boundary rule reads Nx's cached project graph and silently skips itself without one:
    // compute it first, as `nx run-many -t lint` does.
    await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/nx/dist/bin/nx.js'), 'show', 'projects'], {
      cwd: root,
      env,
    });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [eslintBin, '--no-ignore', '--format', 'json', ...FIXTURES],
      { cwd: root, env, maxBuffer: 16 << 20 },
    ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    for (const r of JSON.parse(stdout) as LintResult[]) {
      rules.set(path.relative(root, r.filePath), r.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`));
    }
    expect(rules.size).toBe(FIXTURES.length);
  }, 120_000);

  it('fails an app that imports another app', () => {
    expect(rules.get('apps/gateway/src/lint-fixtures/app-imports-app.ts')).toContain('@nx/enforce-module-boundaries');
  });

  it('fails a util lib that depends on the transport lib', () => {
    expect(rules.get('libs/config/src/lint-fixtures/util-imports-transport.ts')).toContain('@nx/enforce-module-boundaries');
  });

  it('fails tronweb imported outside libs/tron, and allows it inside', () => {
    expect(rules.get('apps/gateway/src/lint-fixtures/imports-tronweb.ts')).toEqual(['no-restricted-imports']);
    expect(rules.get('libs/tron/src/lint-fixtures/imports-tronweb-allowed.ts')).toEqual([]);
  });

  it('fails process.env read outside libs/config, and allows it inside', () => {
    expect(rules.get('apps/gateway/src/lint-fixtures/reads-env.ts')).toEqual(['no-restricted-properties']);
    expect(rules.get('libs/config/src/lint-fixtures/reads-env-allowed.ts')).toEqual([]);
  });
});
