// Entry point: `node -r @swc-node/register apps/devnet/src/main.ts [serve flags | fund|pay|mine|info ...]`.
import { run } from './cli/cli';

run(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
