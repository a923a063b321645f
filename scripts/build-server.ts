/**
 * Builds the server that `npm start` runs: `packages/server/dist/main.mjs`, one ES module compiled
 * from the TypeScript sources (with `@comity/contracts`) by esbuild, next to a source map and the
 * plain-JavaScript worker files it starts. npm packages stay external, loaded from node_modules.
 *
 * Why not run the sources under tsx, as the tests and `npm run dev` do: tsx's loader runs on a
 * thread of its own and compiles at start; in a serving process that is ~30 MiB of memory and
 * seconds of start-up that buy nothing.
 *
 *   node --import tsx scripts/build-server.ts
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const serverDir = path.join(root, 'packages/server');
/** Where `npm start` runs the server from. Another directory must sit at the same depth under
 * packages/server, since the server finds the web app at `../../web/dist` from its own module. */
export const SERVER_DIST = path.join(serverDir, 'dist');

/** Files the bundle loads at run time by URL (`new Worker(new URL(…, import.meta.url))`). */
const WORKER_FILES = ['src/modules/audit/audit-writer.worker.mjs'];

/** npm packages stay imports; workspace packages (`@comity/*`) are compiled into the bundle. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@comity/') ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Compiles `entry` and the sources it imports into one ES module for plain `node`. `outfile` must lie
 * inside the repository, so that the npm packages it imports resolve from its node_modules.
 */
export async function bundleForNode(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    plugins: [externalPackages],
    logLevel: 'warning',
  });
}

export async function buildServer(outDir: string = SERVER_DIST): Promise<string> {
  await fs.rm(outDir, { recursive: true, force: true });
  const outfile = path.join(outDir, 'main.mjs');
  await bundleForNode(path.join(serverDir, 'src/main.ts'), outfile);
  for (const file of WORKER_FILES) {
    await fs.copyFile(path.join(serverDir, file), path.join(outDir, path.basename(file)));
  }
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const out = await buildServer();
  console.log(`built ${path.relative(root, out)}`);
}
