/**
 * `npm run bench -- <id>`: runs one benchmark. Each prints its figures and a baseline measured in
 * the same run (the machines are shared and noisy), then one JSON line as its last output.
 */
const benches: Record<string, () => Promise<unknown>> = {
  p1: async () => (await import('./p1-read.ts')).main(),
  p2: async () => (await import('./p2-transmit.ts')).main(),
  p3: async () => (await import('./p3-ingest.ts')).main(),
  p4: async () => (await import('./p4-audit.ts')).main(),
  p5: async () => (await import('./p5-advisor.ts')).main(),
  p6: async () => (await import('./p6-federation.ts')).main(),
};

const id = process.argv[2];
const bench = id ? benches[id] : undefined;
if (!bench) {
  console.error(`Usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
await bench();

export {};
