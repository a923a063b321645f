import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  name: string;
  code: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
}

/**
 * Prints the gzip size of the JavaScript a browser must download before the first render (the entry
 * chunk and everything it imports statically, transitively) and fails the build above the budget.
 * Lazy screens (dynamic imports) are not part of it; for information, it also prints what the
 * heaviest screens add on top when they are opened first.
 */
export function bundleBudget(options: { maxGzipKb: number }): Plugin {
  return {
    name: 'comity:bundle-budget',
    apply: 'build',
    generateBundle(_output, bundle) {
      const chunks = new Map<string, ChunkLike>();
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') chunks.set(item.fileName, item as unknown as ChunkLike);
      }
      const gzipCache = new Map<string, number>();
      const gz = (fileName: string): number => {
        let size = gzipCache.get(fileName);
        if (size === undefined) {
          size = gzipSync(chunks.get(fileName)!.code, { level: 9 }).byteLength;
          gzipCache.set(fileName, size);
        }
        return size;
      };
      const closure = (roots: string[], into = new Set<string>()): Set<string> => {
        const visit = (fileName: string): void => {
          if (into.has(fileName) || !chunks.has(fileName)) return;
          into.add(fileName);
          for (const imported of chunks.get(fileName)!.imports) visit(imported);
        };
        for (const r of roots) visit(r);
        return into;
      };
      const total = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + gz(f), 0);

      const initial = closure([...chunks.values()].filter((c) => c.isEntry).map((c) => c.fileName));
      const raw = [...initial].reduce((sum, f) => sum + Buffer.byteLength(chunks.get(f)!.code), 0);
      const gzip = total(initial);
      const lazy = chunks.size - initial.size;
      console.log(
        `\n[bundle-budget] initial JS: ${kb(raw)} KB, gzip ${kb(gzip)} KB ` +
          `(budget ${options.maxGzipKb} KB gzip; ${initial.size} chunk(s) initial, ${lazy} lazy)`,
      );

      // What opening each lazy screen first adds (the screen's chunk and its static imports).
      const screens = new Set<string>();
      for (const f of initial) for (const d of chunks.get(f)!.dynamicImports) screens.add(d);
      const extra = [...screens]
        .map((d) => {
          const added = [...closure([d])].filter((f) => !initial.has(f));
          return { name: chunks.get(d)?.name ?? d, added: total(added) };
        })
        .sort((a, b) => b.added - a.added)
        .slice(0, 12);
      for (const e of extra) {
        console.log(`[bundle-budget]   + ${e.name} when opened first: +${kb(e.added)} KB gzip`);
      }
      console.log('');

      if (gzip > options.maxGzipKb * 1024) {
        this.error(`Initial JavaScript is ${kb(gzip)} KB gzip, over the ${options.maxGzipKb} KB budget`);
      }
    },
  };
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
