import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestDraft } from '@comity/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRegistry, validateDraft } from '../../../src/modules/legal/index.ts';
import { buildDocumentModel } from '../../../src/modules/requests/document/document-model.ts';
import { type DocumentFonts, findDocumentFonts } from '../../../src/modules/requests/document/fonts.ts';
import { renderRequestPdf } from '../../../src/modules/requests/document/request-pdf.ts';
import { toValidatorDraft } from '../../../src/modules/requests/draft-content.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');

// A long request is laid out in steps: the node answers other requests while it is drawn.

describe('rendering a request as a PDF', () => {
  let fonts: DocumentFonts;
  beforeAll(() => {
    try {
      fonts = findDocumentFonts();
    } catch {
      execFileSync('sh', [path.join(root, 'scripts/ensure-fonts.sh')], { stdio: 'inherit' });
      fonts = findDocumentFonts();
    }
  });

  it('lets the event loop turn after every field, so other work is served meanwhile', async () => {
    const registry = loadRegistry();
    const draft: RequestDraft = {
      kind: 'eio',
      instrumentId: 'eio',
      requestingState: 'DE',
      requestedState: 'FR',
      language: 'de',
      summaryOfFacts: 'Sachverhalt. '.repeat(400),
      measures: Array.from({ length: 30 }, () => ({
        id: 'search-seizure',
        details: 'Durchsuchung. '.repeat(100),
      })),
    };
    const model = buildDocumentModel({
      draft,
      registry,
      instrumentVersion: 1,
      findings: validateDraft(registry, toValidatorDraft(draft), { at: '2026-03-02' }),
      findingsAt: '2026-03-02',
    });
    let finished = false;
    let turns = 0;
    const spin = () => {
      turns++;
      if (!finished) setImmediate(spin);
    };
    setImmediate(spin);
    const pdf = await renderRequestPdf(
      model,
      {
        requestId: 'r-1',
        version: 1,
        generatedAt: '2026-03-02T10:00:00.000Z',
        nodeName: 'Test',
        standing: { kind: 'draft' },
      },
      fonts,
    );
    finished = true;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const fields = model.sections.reduce((n, s) => n + s.blocks.reduce((m, b) => m + b.fields.length, 0), 0);
    expect(fields).toBeGreaterThan(30);
    expect(turns).toBeGreaterThanOrEqual(fields);
  });
});
