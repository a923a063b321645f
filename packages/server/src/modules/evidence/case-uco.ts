/**
 * The chain of custody as CASE/UCO JSON-LD (shaped like the CASE examples' forensic lifecycle):
 * one ProvenanceRecord per item (exhibit number, its files as uco-observable:File with SHA256 hash
 * facets) and one InvestigativeAction per custody record, in order, each resulting in the item's
 * provenance record.
 */
import type { EvidenceItem } from '@comity/contracts';
import type { CustodyRecord } from './custody-chain.ts';

const context = {
  kb: 'urn:comity:kb:',
  'case-investigation': 'https://ontology.caseontology.org/case/investigation/',
  'uco-action': 'https://ontology.unifiedcyberontology.org/uco/action/',
  'uco-core': 'https://ontology.unifiedcyberontology.org/uco/core/',
  'uco-identity': 'https://ontology.unifiedcyberontology.org/uco/identity/',
  'uco-observable': 'https://ontology.unifiedcyberontology.org/uco/observable/',
  'uco-types': 'https://ontology.unifiedcyberontology.org/uco/types/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const dt = (v: string) => ({ '@type': 'xsd:dateTime', '@value': v });

export function custodyAsCaseUco(
  items: readonly { item: EvidenceItem; custody: readonly CustodyRecord[] }[],
) {
  const graph: Record<string, unknown>[] = [];
  const people = new Set<string>();
  for (const { item, custody } of items) {
    const prov = `kb:provenance_record-${item.id}`;
    for (const f of item.files) {
      graph.push({
        '@id': `kb:file-${f.id}`,
        '@type': 'uco-observable:File',
        'uco-core:hasFacet': [
          {
            '@id': `kb:file-facet-${f.id}`,
            '@type': 'uco-observable:FileFacet',
            'uco-observable:fileName': f.name,
            'uco-observable:sizeInBytes': f.size,
          },
          {
            '@id': `kb:content-data-facet-${f.id}`,
            '@type': 'uco-observable:ContentDataFacet',
            'uco-observable:mimeType': f.contentType,
            'uco-observable:sizeInBytes': f.size,
            'uco-observable:hash': [
              {
                '@id': `kb:hash-${f.id}`,
                '@type': 'uco-types:Hash',
                'uco-types:hashMethod': 'SHA256',
                'uco-types:hashValue': { '@type': 'xsd:hexBinary', '@value': f.sha256 },
              },
            ],
          },
        ],
      });
    }
    graph.push({
      '@id': prov,
      '@type': 'case-investigation:ProvenanceRecord',
      'uco-core:description': item.description,
      'case-investigation:exhibitNumber': item.exhibitNumber,
      'uco-core:object': item.files.map((f) => ({ '@id': `kb:file-${f.id}` })),
    });
    for (const r of custody) {
      if (r.actorId) people.add(r.actorId);
      graph.push({
        '@id': `kb:custody_action-${r.id}`,
        '@type': 'case-investigation:InvestigativeAction',
        'uco-core:name': r.event,
        'uco-core:description': r.reason ?? `${r.event} (#${r.seq}, hash ${r.hash})`,
        'uco-action:startTime': dt(r.at),
        'uco-action:endTime': dt(r.at),
        ...(r.actorId ? { 'uco-action:performer': { '@id': `kb:person-${r.actorId}` } } : {}),
        'uco-action:result': [{ '@id': prov }],
      });
    }
  }
  for (const p of people) graph.push({ '@id': `kb:person-${p}`, '@type': 'uco-identity:Person' });
  return { '@context': context, '@graph': graph };
}
