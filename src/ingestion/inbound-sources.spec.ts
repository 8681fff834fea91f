import type { OpenAPIObject } from '@nestjs/swagger';
import { IsDefined, IsString, MaxLength } from 'class-validator';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DtoSchemas } from '../common/openapi/dto-schema';
import type { InboundAdapter } from './inbound-adapter.port';
import { describeInboundSources, INBOUND_PATH, inboundAdaptersByName } from './inbound-sources';

class EventDto {
  @IsDefined() @IsString() @MaxLength(10) eventId: string;
}

const adapter = (name: string, declared: Partial<InboundAdapter> = {}): InboundAdapter => ({
  name,
  agencyKind: 'PRISON',
  provenanceKind: 'PRISON',
  contentTypes: ['application/json'],
  wire: { dto: EventDto, examples: '/nowhere' },
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
  it('writes the one route as an operation per registered source, with its body schema and examples', () => {
    const examples = mkdtempSync(join(tmpdir(), 'inbound-examples-'));
    writeFileSync(join(examples, 'reception.json'), '{ "eventId": "E1" }');
    const document = {
      paths: {
        [INBOUND_PATH]: {
          post: {
            summary: 'Push',
            parameters: [
              { name: 'source', in: 'path', required: true, schema: {} },
              { name: 'Idempotency-Key', in: 'header', required: true },
            ],
            responses: {},
          },
        },
      },
    } as unknown as OpenAPIObject;
    const schemas = new DtoSchemas();
    const prison = adapter('prison', { wire: { dto: EventDto, examples } });
    describeInboundSources(document, [prison, adapter('passport-watchlist')], schemas);

    expect(Object.keys(document.paths)).toEqual(['/v1/inbound/prison', '/v1/inbound/passport-watchlist']);
    const post = document.paths['/v1/inbound/prison'].post!;
    expect(post.operationId).toBe('postInboundPrison');
    expect(post.parameters).toEqual([{ name: 'Idempotency-Key', in: 'header', required: true }]);
    expect(post.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Event' },
          examples: { reception: { value: { eventId: 'E1' } } },
        },
      },
    });
    expect(schemas.schemas.Event).toEqual({
      type: 'object',
      properties: { eventId: { type: 'string', maxLength: 10 } },
      required: ['eventId'],
      additionalProperties: false,
    });
    expect(document.paths['/v1/inbound/passport-watchlist'].post!.operationId).toBe('postInboundPassportWatchlist');
  });
});
