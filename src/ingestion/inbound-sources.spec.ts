import type { OpenAPIObject } from '@nestjs/swagger';
import type { InboundAdapter } from './inbound-adapter.port';
import { describeInboundSources, INBOUND_PATH, inboundAdaptersByName } from './inbound-sources';

const adapter = (name: string, declared: Partial<InboundAdapter> = {}): InboundAdapter => ({
  name,
  agencyKind: 'PRISON',
  provenanceKind: 'PRISON',
  contentTypes: ['application/json'],
  parse: () => ({ ok: false, errors: [] }),
  ...declared,
});

describe('inboundAdaptersByName', () => {
  it('finds each registered adapter by its path segment', () => {
    const prison = adapter('prison');
    const court = adapter('court-outcomes', { agencyKind: 'COURT', provenanceKind: 'COURT' });
    const byName = inboundAdaptersByName([prison, court]);
    expect([...byName.keys()]).toEqual(['prison', 'court-outcomes']);
    expect(byName.get('prison')).toBe(prison);
  });

  it('refuses to start on two adapters with one name', () => {
    expect(() => inboundAdaptersByName([adapter('prison'), adapter('prison')])).toThrow(/Two inbound adapters/);
  });

  it('refuses to start on an adapter without its provenance or agency kind (nothing is labelled by default)', () => {
    const undeclared = adapter('mappa', { provenanceKind: undefined as never });
    expect(() => inboundAdaptersByName([undeclared])).toThrow("Inbound adapter 'mappa' declares no provenance kind");
    const noAgency = adapter('mappa', { agencyKind: 'MAPPA' as never });
    expect(() => inboundAdaptersByName([noAgency])).toThrow("Inbound adapter 'mappa' declares no agency kind");
  });

  it('refuses a name that is not a path segment', () => {
    expect(() => inboundAdaptersByName([adapter('Prison/Events')])).toThrow(/not a path segment/);
  });
});

describe('describeInboundSources', () => {
  it('writes the registered names into the OpenAPI source parameter and summary', () => {
    const document = {
      paths: {
        [INBOUND_PATH]: {
          post: { summary: 'Push', parameters: [{ name: 'source', in: 'path', required: true, schema: {} }] },
        },
      },
    } as unknown as OpenAPIObject;
    describeInboundSources(document, [adapter('prison'), adapter('pnc')]);
    const post = document.paths[INBOUND_PATH].post!;
    expect(post.parameters).toEqual([
      { name: 'source', in: 'path', required: true, schema: { type: 'string', enum: ['prison', 'pnc'] } },
    ]);
    expect(post.summary).toContain('(prison, pnc)');
  });
});
