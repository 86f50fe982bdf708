#!/usr/bin/env node
// `npm run build -- <app> [--out DIR]`: one app as plain CommonJS for `node main.js`, with the
// package.json and package-lock.json of its production dependencies only, ready for
// `npm ci --omit=dev`. The Dockerfile runs exactly this; tools/deploy-checks runs it too and
// starts the result.
//
// - Compiled with SWC (decorator metadata on, as Nest's DI needs; esbuild would drop it), one
//   file per source file, the @tronpay/* aliases rewritten to relative paths.
// - Only what main.ts reaches is emitted: the import graph is followed from main.ts, so specs,
//   test harnesses and other apps never enter the image.
// - Dependencies: Nx's generated package.json and pruned lockfile for the project (createPackageJson,
//   createLockFile from the project graph). Every package the emitted code requires must be in
//   it, or the build fails: a runtime import of a devDependency is caught here, not in production.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
process.env.NX_DAEMON ??= 'false';
process.env.NX_NO_CLOUD ??= 'true';

function usage(message) {
  if (message) console.error(`build: ${message}`);
  console.error('usage: npm run build -- <app> [--out DIR]   (app: a folder of apps/, e.g. gateway, devnet)');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { app: undefined, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = argv[++i];
    else if (a.startsWith('--out=')) args.out = a.slice(6);
    else if (a === '--app') args.app = argv[++i];
    else if (!a.startsWith('-') && !args.app) args.app = a;
    else usage(`unknown argument ${a}`);
  }
  if (!args.app) usage('no app given');
  if (!/^[a-z][a-z0-9-]*$/.test(args.app) || !existsSync(path.join(root, 'apps', args.app, 'src', 'main.ts'))) {
    usage(`no apps/${args.app}/src/main.ts`);
  }
  args.out = path.resolve(args.out ?? path.join(root, 'dist', args.app));
  return args;
}

const swcOptions = (filename) => {
  const { compilerOptions } = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  return {
    filename,
    swcrc: false,
    configFile: false,
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: compilerOptions.paths,
    },
    module: { type: 'commonjs' },
  };
};

function resolveLocal(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && candidate.endsWith('.ts')) return candidate;
  }
  if (existsSync(`${base}.json`)) return `${base}.json`;
  throw new Error(`${path.relative(root, fromFile)}: cannot resolve ${spec}`);
}

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const BUILTINS = new Set(builtinModules);

/** Compiles main.ts and everything it reaches; returns the emitted files and the packages required. */
export function compileApp(app) {
  const swc = require('@swc/core');
  const entry = path.join(root, 'apps', app, 'src', 'main.ts');
  const files = new Map(); // workspace-relative output path -> content
  const externals = new Map(); // package -> first file requiring it
  const queue = [entry];
  const seen = new Set(queue);
  while (queue.length) {
    const file = queue.shift();
    const rel = path.relative(root, file);
    if (file.endsWith('.json')) {
      files.set(rel, readFileSync(file, 'utf8'));
      continue;
    }
    if (/\.spec\.ts$|[/\\](testing|e2e|lint-fixtures)[/\\]/.test(rel) || rel.startsWith('libs/testing/')) {
      throw new Error(`${rel} is test code, yet production code imports it`);
    }
    const out = swc.transformFileSync(file, swcOptions(file));
    const jsRel = rel.replace(/\.ts$/, '.js');
    files.set(jsRel, `${out.code}\n//# sourceMappingURL=${path.basename(jsRel)}.map\n`);
    files.set(`${jsRel}.map`, out.map);
    for (const [, spec] of out.code.matchAll(/\brequire\("([^"]+)"\)/g)) {
      if (spec.startsWith('.')) {
        const target = resolveLocal(file, spec);
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      } else if (!spec.startsWith('node:') && !BUILTINS.has(spec)) {
        const name = packageName(spec);
        if (!externals.has(name)) externals.set(name, rel);
      }
    }
  }
  return { files, externals };
}

/** Nx's package.json and lockfile for the project, from the project graph. */
async function productionManifest(app) {
  const { createProjectGraphAsync } = require('@nx/devkit');
  const { createPackageJson, createLockFile } = require('@nx/js');
  const graph = await createProjectGraphAsync({ exitOnError: true });
  if (!graph.nodes[app]) throw new Error(`no Nx project named ${app}`);
  const generated = createPackageJson(app, graph, { root, isProduction: true });
  const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const packageJson = {
    name: `@tronpay/${app}`,
    version: rootPackage.version,
    private: true,
    license: rootPackage.license,
    type: 'commonjs',
    main: 'main.js',
    engines: rootPackage.engines,
    dependencies: generated.dependencies ?? {},
  };
  const lock = createLockFile({ ...generated, name: packageJson.name, version: packageJson.version }, graph, 'npm');
  return { packageJson, lock };
}

async function main() {
  const { app, out } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const { files, externals } = compileApp(app);
  const { packageJson, lock } = await productionManifest(app);
  const missing = [...externals].filter(([name]) => !(name in packageJson.dependencies));
  if (missing.length) {
    throw new Error(
      `required at run time but not production dependencies of ${app}: ` +
        missing.map(([name, from]) => `${name} (from ${from})`).join(', '),
    );
  }
  rmSync(out, { recursive: true, force: true });
  for (const [rel, content] of files) {
    mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
    writeFileSync(path.join(out, rel), content);
  }
  writeFileSync(path.join(out, 'main.js'), `'use strict';\nrequire('./apps/${app}/src/main.js');\n`);
  writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  writeFileSync(path.join(out, 'package-lock.json'), lock.endsWith('\n') ? lock : `${lock}\n`);
  const sources = [...files.keys()].filter((f) => f.endsWith('.js')).length;
  console.log(
    `built ${app} into ${path.relative(process.cwd(), out) || '.'}: ${sources} modules, ` +
      `${Object.keys(packageJson.dependencies).length} dependencies, ${Date.now() - started} ms`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`build: ${e.message}`);
    process.exit(1);
  });
}
