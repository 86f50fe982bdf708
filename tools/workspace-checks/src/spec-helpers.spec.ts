import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** Spec support: specs, an app's `testing/` folders and `testing-kit.ts` files, libs/testing, lint fixtures. */
const isSpecSupport = (rel: string) =>
  rel.endsWith('.spec.ts') || /(^|\/)testing\//.test(rel.replace(/^libs\/testing\//, 'testing/')) || rel.endsWith('testing-kit.ts') || rel.includes('/lint-fixtures/');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

// Lint lets the helpers in an app's `testing/` folder import @tronpay/testing; this keeps them, and
// it, out of what a service runs: no production file imports a spec helper.
describe('spec helpers stay out of production code', () => {
  it('no file a service runs imports @tronpay/testing or a testing/ helper', () => {
    const files = ['apps', 'libs'].flatMap((d) => sources(path.join(root, d))).map((f) => path.relative(root, f));
    const production = files.filter((f) => !isSpecSupport(f));
    expect(production.length).toBeGreaterThan(300);
    const offenders = production.filter((f) => {
      const text = readFileSync(path.join(root, f), 'utf8');
      return /from '@tronpay\/testing'/.test(text) || /from '(\.\.?\/)+([\w-]+\/)*testing(\/|-kit')/.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('would see one that did', () => {
    expect(/from '(\.\.?\/)+([\w-]+\/)*testing(\/|-kit')/.test("import { SweepKit } from './testing/sweep-kit';")).toBe(true);
    expect(/from '(\.\.?\/)+([\w-]+\/)*testing(\/|-kit')/.test("import { x } from '../webhooks/testing-kit';")).toBe(true);
    expect(isSpecSupport('apps/gateway/src/sweeps/sweeps.service.ts')).toBe(false);
    expect(isSpecSupport('apps/gateway/src/sweeps/testing/sweep-kit.ts')).toBe(true);
  });
});
