import { describe, expect, it } from '@jest/globals';
import type { ProvenanceKind } from '../canonical/provenance';
import type { Agreement, FieldPath } from './agreement';
import { projectForAgreements } from './projection';

// agreements.md: "the payload holds the union of the fields those agreements allow, minus
// excluded provenance"; "a path allows everything beneath it"; "nothing else is sent".

const agreement = (id: string, fields: FieldPath[], excludeProvenance: ProvenanceKind[] = []): Agreement => ({
  id,
  title: id,
  status: 'active',
  validFrom: '2026-04-01',
  recipients: ['police.west-yorkshire'],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'test',
  eventTypes: ['conviction.recorded'],
  conditions: {},
  fields,
  excludeProvenance,
  classification: 'OFFICIAL-SENSITIVE',
  file: `${id}.yaml`,
});

const court = { kind: 'COURT' as const, agency: 'court.leeds', messageId: 'm1', receivedAt: '2026-10-14T16:32:10Z' };
const pnc = {
  kind: 'PNC' as const,
  agency: 'police.west-yorkshire',
  messageId: 'm2',
  receivedAt: '2026-10-15T09:00:00Z',
};
const notified = {
  kind: 'NOTIFICATION' as const,
  agency: 'police.west-yorkshire',
  messageId: 'm3',
  receivedAt: '2026-10-16T09:00:00Z',
};

const primaryName = { forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY', provenance: court };
const notifiedAlias = { forenames: 'Jack', surname: 'SMITH', type: 'ALIAS', provenance: notified };
const pncId = { scheme: 'PNC', value: '2004/0123456B', provenance: court };
const passport = { scheme: 'PASSPORT', value: '123456789', provenance: notified };
const courtAddress = { line1: '14 Example Terrace', town: 'Leeds', postcode: 'LS6 2AB', provenance: court };
const notifiedAddress = { line1: '3 Other Street', town: 'Leeds', postcode: 'LS1 1AA', provenance: notified };
const conviction = { convictionId: '13SL1234567/1', offenceCode: 'SX03014', provenance: court };
const order = { orderRef: 'LCC-SHPO-2026-0412', orderType: 'SHPO', provenance: court };

/** An event's data in the canonical layout, with sections no test agreement below lists. */
function eventData(address: object = courtAddress): Record<string, unknown> {
  return {
    subject: {
      names: [primaryName, notifiedAlias],
      dateOfBirth: '1986-02-28',
      identifiers: [pncId, passport],
      address,
    },
    conviction,
    order,
    risk: {
      roshOverall: 'HIGH',
      previousRoshOverall: 'MEDIUM',
      assessment: { assessmentId: 'A1', provenance: { ...pnc, kind: 'PROBATION' } },
    },
    alert: { riskTo: { risks: ['x'] }, contact: { agency: 'police.west-yorkshire' }, internalNote: 'never sent' },
    victim: { name: 'never sent' },
  };
}

describe('the union of the fields of several agreements', () => {
  it('holds every field either agreement lists, and only those', () => {
    const out = projectForAgreements(eventData(), [agreement('A', ['subject.names']), agreement('B', ['conviction'])]);
    expect(out).toEqual({ subject: { names: [primaryName, notifiedAlias] }, conviction });
  });

  it('lists a field once when two agreements both allow it', () => {
    const out = projectForAgreements(eventData(), [agreement('A', ['order']), agreement('B', ['order'])]);
    expect(out).toEqual({ order });
  });

  it('is empty when no agreement is given', () => {
    expect(projectForAgreements(eventData(), [])).toEqual({});
  });

  it('adds no key for an allowed field the data does not carry', () => {
    const out = projectForAgreements({ conviction }, [
      agreement('A', ['conviction', 'registration', 'subject.address']),
    ]);
    expect(Object.keys(out)).toEqual(['conviction']);
  });
});

describe('nested field paths', () => {
  it('subject.address sends the address and none of its sibling subject fields', () => {
    const out = projectForAgreements(eventData(), [agreement('A', ['subject.address'])]);
    expect(out).toEqual({ subject: { address: courtAddress } });
  });

  it('merges sibling paths under one parent', () => {
    const out = projectForAgreements(eventData(), [
      agreement('A', ['subject.dateOfBirth']),
      agreement('B', ['subject.identifiers']),
    ]);
    expect(out).toEqual({ subject: { dateOfBirth: '1986-02-28', identifiers: [pncId, passport] } });
  });

  it('risk.roshOverall sends only the overall level, not the assessment', () => {
    const out = projectForAgreements(eventData(), [agreement('A', ['risk.roshOverall'])]);
    expect(out).toEqual({ risk: { roshOverall: 'HIGH' } });
  });

  it('a parent path (risk) allows everything beneath it', () => {
    const data = eventData();
    const out = projectForAgreements(data, [agreement('A', ['risk'])]);
    expect(out).toEqual({ risk: data.risk });
  });

  it('alert.riskTo and alert.contact leave out any other alert field', () => {
    const out = projectForAgreements(eventData(), [agreement('A', ['alert.riskTo', 'alert.contact'])]);
    expect(out).toEqual({ alert: { riskTo: { risks: ['x'] }, contact: { agency: 'police.west-yorkshire' } } });
  });
});

describe('fields not listed never leave', () => {
  const out = projectForAgreements(eventData(), [
    agreement('A', ['subject.names', 'subject.dateOfBirth', 'conviction', 'alert.riskTo']),
  ]);

  it('has no top-level section no agreement lists (order, risk, victim)', () => {
    expect(Object.keys(out).sort()).toEqual(['alert', 'conviction', 'subject']);
  });

  it('has no unlisted subject field (identifiers, address)', () => {
    expect(out.subject).not.toHaveProperty('identifiers');
    expect(out.subject).not.toHaveProperty('address');
  });

  it('has no unlisted field beside a listed one (alert.internalNote, alert.contact)', () => {
    expect(out.alert).toEqual({ riskTo: { risks: ['x'] } });
  });

  it('never sends victim details, even when every field path is allowed', () => {
    const everything = projectForAgreements(eventData(), [
      agreement('A', [
        'subject.names',
        'subject.dateOfBirth',
        'subject.identifiers',
        'subject.address',
        'subject.contact',
        'conviction',
        'order',
        'risk',
        'alert.riskTo',
        'alert.contact',
      ]),
    ]);
    expect(everything).not.toHaveProperty('victim');
  });
});

describe('excludeProvenance', () => {
  it('removes a fact collected through the notification requirements', () => {
    const out = projectForAgreements(eventData(notifiedAddress), [
      agreement('A', ['subject.address', 'conviction'], ['NOTIFICATION']),
    ]);
    expect(out).toEqual({ conviction });
  });

  it('removes such facts from inside arrays and keeps the others', () => {
    const out = projectForAgreements(eventData(), [
      agreement('A', ['subject.names', 'subject.identifiers'], ['NOTIFICATION']),
    ]);
    expect(out).toEqual({ subject: { names: [primaryName], identifiers: [pncId] } });
  });

  it('removes a fact nested inside an allowed section (risk.assessment from PROBATION)', () => {
    const out = projectForAgreements(eventData(), [agreement('A', ['risk'], ['PROBATION'])]);
    expect(out).toEqual({ risk: { roshOverall: 'HIGH', previousRoshOverall: 'MEDIUM' } });
  });

  it('removes facts nested in arrays of arrays', () => {
    const data = {
      order: [
        {
          orderRef: 'O1',
          provenance: court,
          prohibitions: [
            { code: 'A', provenance: notified },
            { code: 'B', provenance: court },
          ],
        },
      ],
    };
    const out = projectForAgreements(data, [agreement('A', ['order'], ['NOTIFICATION'])]);
    expect(out).toEqual({
      order: [{ orderRef: 'O1', provenance: court, prohibitions: [{ code: 'B', provenance: court }] }],
    });
  });

  it('withholds nothing of another provenance', () => {
    const out = projectForAgreements(eventData(), [agreement('A', ['subject.identifiers'], ['HMPO'])]);
    expect(out).toEqual({ subject: { identifiers: [pncId, passport] } });
  });

  it('withholds a fact when every agreement allowing its field excludes its provenance', () => {
    const out = projectForAgreements(eventData(notifiedAddress), [
      agreement('A', ['subject.address'], ['NOTIFICATION']),
      agreement('B', ['subject.address'], ['NOTIFICATION', 'PNC']),
    ]);
    expect(out).toEqual({});
  });

  it('keeps a fact another agreement allowing the same field does not exclude (the union)', () => {
    const out = projectForAgreements(eventData(notifiedAddress), [
      agreement('A', ['subject.address'], ['NOTIFICATION']),
      agreement('B', ['subject.address']),
    ]);
    expect(out).toEqual({ subject: { address: notifiedAddress } });
  });

  it('an exclusion in an agreement for another field does not touch this one', () => {
    const out = projectForAgreements(eventData(notifiedAddress), [
      agreement('A', ['conviction'], ['NOTIFICATION']),
      agreement('B', ['subject.address']),
    ]);
    expect(out).toEqual({ conviction, subject: { address: notifiedAddress } });
  });
});

describe('the input is left as it was', () => {
  function deepFreeze<T>(value: T): T {
    if (value && typeof value === 'object') {
      Object.values(value).forEach(deepFreeze);
      Object.freeze(value);
    }
    return value;
  }

  it('does not change the event data, even while removing facts from it', () => {
    const data = eventData(notifiedAddress);
    const before = structuredClone(data);
    deepFreeze(data);
    projectForAgreements(data, [
      agreement(
        'A',
        ['subject.names', 'subject.identifiers', 'subject.address', 'risk'],
        ['NOTIFICATION', 'PROBATION'],
      ),
    ]);
    expect(data).toEqual(before);
  });

  it('returns copies: changing the payload does not change the record', () => {
    const data = eventData();
    const out = projectForAgreements(data, [agreement('A', ['conviction', 'subject.names'])]);
    (out.conviction as { offenceCode: string }).offenceCode = 'CHANGED';
    ((out.subject as { names: unknown[] }).names as unknown[]).pop();
    expect(conviction.offenceCode).toBe('SX03014');
    expect((data.subject as { names: unknown[] }).names).toHaveLength(2);
  });

  it('does not change the agreements', () => {
    const a = agreement('A', ['subject.address', 'risk.roshOverall'], ['NOTIFICATION']);
    const before = structuredClone(a);
    projectForAgreements(eventData(), [a]);
    expect(a).toEqual(before);
  });
});
