import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CourtOutcomesAdapter } from './court-outcomes.adapter';

// court-outcomes.md, field by field: a message that breaks a rule is refused (422) with the
// offending field named by its path, and nothing else named.

// A few codes of config/reference/countries.yaml (the whole table is src/rules' to load and test).
const adapter = new CourtOutcomesAdapter(
  new Map([
    ['GB', 'United Kingdom'],
    ['TH', 'Thailand'],
    ['KH', 'Cambodia'],
  ]),
);
const context = { agencyId: 'court.leeds-crown' };
const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(join(process.cwd(), 'adapters', 'inbound', 'court-outcomes', 'fixtures', name), 'utf8'));

/** The SHPO fixture (a valid HEARING_RESULTED), changed by `edit`; the paths of the errors. */
function errorPaths(edit: (m: Record<string, any>) => void, base = 'hearing-resulted-shpo.json'): string[] {
  const message = fixture(base);
  edit(message);
  const result = adapter.parse(message, context);
  if (result.ok) return [];
  if (!('errors' in result)) throw new Error(`unreadable: ${result.unreadable}`);
  // Each field once: a field failing several rules has an entry per rule (one message each).
  return [...new Set(result.errors.map((e) => e.path))];
}

const parsesOk = (edit: (m: Record<string, any>) => void, base?: string) => expect(errorPaths(edit, base)).toEqual([]);

describe('the fixtures are valid', () => {
  it.each(['hearing-resulted-shpo.json', 'hearing-resulted-juvenile-community.json', 'order-discharged.json'])(
    '%s',
    (name) => {
      expect(adapter.parse(fixture(name), context)).toMatchObject({ ok: true });
    },
  );
});

describe('the body', () => {
  it.each([[null], [[]], ['text'], [42]])('refuses %j: it must be a JSON object', (body) => {
    const result = adapter.parse(body, context);
    expect(result).toEqual({ ok: false, errors: [{ path: '', message: expect.any(String) }] });
  });

  it('refuses a property the contract does not define, naming it', () => {
    expect(errorPaths((m) => (m.defendant.shoeSize = 9))).toEqual(['defendant.shoeSize']);
  });
});

describe('envelope', () => {
  it.each<[string, string, (m: Record<string, any>) => void]>([
    ['schemaVersion other than "1.0"', 'schemaVersion', (m) => (m.schemaVersion = '2.0')],
    ['schemaVersion as a number', 'schemaVersion', (m) => (m.schemaVersion = 1.0)],
    ['no messageId', 'messageId', (m) => delete m.messageId],
    ['sentAt without a time zone', 'sentAt', (m) => (m.sentAt = '2026-10-14T16:32:10')],
    ['sentAt as a date only', 'sentAt', (m) => (m.sentAt = '2026-10-14')],
    ['no court', 'court', (m) => delete m.court],
    ['no court code', 'court.code', (m) => delete m.court.code],
    ['no court name', 'court.name', (m) => delete m.court.name],
    ['an unknown court level', 'court.level', (m) => (m.court.level = 'HIGH')],
    ['no case', 'case', (m) => delete m.case],
    ['no case urn', 'case.urn', (m) => delete m.case.urn],
    ['hearingDate not a date', 'case.hearingDate', (m) => (m.case.hearingDate = '14/10/2026')],
    ['no defendant', 'defendant', (m) => delete m.defendant],
  ])('%s is refused at %s', (_name, path, edit) => {
    expect(errorPaths(edit)).toEqual([path]);
  });

  // Type-specific rules are skipped for a type the hub does not know: only messageType is named.
  it('an unknown messageType is refused at messageType alone, naming the allowed values', () => {
    const message = fixture('hearing-resulted-shpo.json');
    message.messageType = 'HEARING_ADJOURNED';
    const result = adapter.parse(message, context);
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'messageType', message: expect.stringContaining('HEARING_RESULTED, ORDER_VARIED, ORDER_DISCHARGED') },
      ],
    });
  });

  it('an unknown messageType still reports what is wrong with the common fields, and nothing type-specific', () => {
    const paths = errorPaths((m) => {
      m.messageType = 'HEARING_ADJOURNED';
      delete m.case.urn;
      m.offences.push({ ...m.offences[0] }); // a duplicate sequence breaks a rule common to every type
    });
    expect(paths.sort()).toEqual(['case.urn', 'messageType', 'offences[1].sequence']);
  });

  it.each(['CROWN', 'MAGISTRATES', 'YOUTH'])('court level %s is accepted', (level) => {
    parsesOk((m) => (m.court.level = level));
  });

  it('sentAt with an offset is accepted', () => {
    parsesOk((m) => (m.sentAt = '2026-10-14T17:32:10+01:00'));
  });
});

describe('defendant', () => {
  it.each<[string, string, (m: Record<string, any>) => void]>([
    ['no courtDefendantId', 'defendant.courtDefendantId', (m) => delete m.defendant.courtDefendantId],
    ['no name', 'defendant.name', (m) => delete m.defendant.name],
    ['no surname', 'defendant.name.surname', (m) => delete m.defendant.name.surname],
    ['no forenames', 'defendant.name.forenames', (m) => delete m.defendant.name.forenames],
    ['digits in a surname', 'defendant.name.surname', (m) => (m.defendant.name.surname = 'SM1TH')],
    ['a bad alias', 'defendant.aliases[0].surname', (m) => (m.defendant.aliases = [{ forenames: 'Jon', surname: '' }])],
    ['no dateOfBirth', 'defendant.dateOfBirth', (m) => delete m.defendant.dateOfBirth],
    ['a dateOfBirth that does not exist', 'defendant.dateOfBirth', (m) => (m.defendant.dateOfBirth = '1986-02-29')],
    ['a dateOfBirth in the future', 'defendant.dateOfBirth', (m) => (m.defendant.dateOfBirth = '2999-01-01')],
    ['an unknown sex', 'defendant.sex', (m) => (m.defendant.sex = 'Q')],
    ['a PNC id with a wrong check character', 'defendant.pncId', (m) => (m.defendant.pncId = '2004/0123456C')],
    ['a PNC id in another format', 'defendant.pncId', (m) => (m.defendant.pncId = '20040123456B')],
    ['a malformed CRO number', 'defendant.croNumber', (m) => (m.defendant.croNumber = 'CRO-123')],
    ['a three-letter nationality', 'defendant.nationality', (m) => (m.defendant.nationality = 'GBR')],
    ['a nationality ISO never assigned', 'defendant.nationality', (m) => (m.defendant.nationality = 'UK')],
    [
      'a prohibited country ISO never assigned',
      'orders[0].prohibitions[1].countries[1]',
      (m) => (m.orders[0].prohibitions[1].countries = ['TH', 'ZZ']),
    ],
    ['a postcode that is not one', 'defendant.address.postcode', (m) => (m.defendant.address.postcode = 'LEEDS')],
  ])('%s is refused at %s', (_name, path, edit) => {
    expect(errorPaths(edit)).toEqual([path]);
  });

  it.each([
    ['upper case', { forenames: 'JOHN', surname: 'SMITH' }],
    ['apostrophes and hyphens', { forenames: "D'Arcy", surname: "O'Connor-Nwosu" }],
    ['non-ASCII letters', { forenames: 'Siobhán Zoë', surname: 'Łukasiewicz' }],
  ])('names in %s are accepted', (_name, name) => {
    parsesOk((m) => (m.defendant.name = name));
  });

  it('a PNC id in the short form is accepted', () => {
    parsesOk((m) => (m.defendant.pncId = '04/123456B'));
  });

  it.each(['M', 'F', 'X', 'U'])('sex %s is accepted', (sex) => {
    parsesOk((m) => (m.defendant.sex = sex));
  });

  it('only the required details are needed', () => {
    parsesOk((m) => {
      for (const key of ['aliases', 'sex', 'pncId', 'croNumber', 'address', 'nationality']) delete m.defendant[key];
    });
  });
});

describe('offences', () => {
  it.each<[string, string, (m: Record<string, any>) => void]>([
    ['no offences for HEARING_RESULTED', 'offences', (m) => (m.offences = [])],
    ['an unknown plea', 'offences[0].plea', (m) => (m.offences[0].plea = 'MAYBE')],
    ['an unknown finding', 'offences[0].finding', (m) => (m.offences[0].finding = 'PROVEN')],
    [
      'a guilty finding without convictionDate',
      'offences[0].convictionDate',
      (m) => delete m.offences[0].convictionDate,
    ],
    [
      'a convictionDate that is not a date',
      'offences[0].convictionDate',
      (m) => (m.offences[0].convictionDate = '30 Sept 2026'),
    ],
    [
      'notificationCertificate as text',
      'offences[0].notificationCertificate',
      (m) => (m.offences[0].notificationCertificate = 'yes'),
    ],
    ['no offenceCode', 'offences[0].offenceCode', (m) => delete m.offences[0].offenceCode],
  ])('%s is refused at %s', (_name, path, edit) => {
    expect(errorPaths(edit)).toEqual([path]);
  });

  it.each(['NOT_GUILTY_BY_REASON_OF_INSANITY', 'UNFIT_TO_PLEAD_DID_THE_ACT'])(
    '%s also needs a convictionDate',
    (finding) => {
      expect(
        errorPaths((m) => {
          m.offences[0].finding = finding;
          delete m.offences[0].convictionDate;
        }),
      ).toEqual(['offences[0].convictionDate']);
    },
  );

  it('a not-guilty finding needs neither convictionDate nor sentence', () => {
    parsesOk((m) => {
      m.offences[0].finding = 'NOT_GUILTY';
      delete m.offences[0].convictionDate;
      delete m.sentence;
      m.orders = [];
    });
  });
});

describe('sentence', () => {
  const withSentence = (sentence: Record<string, unknown>) => (m: Record<string, any>) =>
    (m.sentence = { sentenceDate: '2026-10-14', ...sentence });

  it('is required after a guilty finding', () => {
    expect(errorPaths((m) => delete m.sentence)).toEqual(['sentence']);
  });

  it('may be omitted when sentencingAdjourned is true', () => {
    parsesOk((m) => {
      delete m.sentence;
      m.sentencingAdjourned = true;
    });
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['an unknown disposal', 'sentence.disposal', { disposal: 'PROBATION' }],
    ['IMPRISONMENT without a term or life', 'sentence.custodialTermMonths', { disposal: 'IMPRISONMENT' }],
    [
      'custodialTermMonths as text',
      'sentence.custodialTermMonths',
      { disposal: 'IMPRISONMENT', custodialTermMonths: '36' },
    ],
    [
      'SUSPENDED_SENTENCE without the suspended term',
      'sentence.custodialTermMonths',
      { disposal: 'SUSPENDED_SENTENCE' },
    ],
    ['HOSPITAL_ORDER without restrictionOrder', 'sentence.restrictionOrder', { disposal: 'HOSPITAL_ORDER' }],
    [
      'CONDITIONAL_DISCHARGE without dischargeMonths',
      'sentence.dischargeMonths',
      { disposal: 'CONDITIONAL_DISCHARGE' },
    ],
    [
      'a COMMUNITY_ORDER with a custodial term',
      'sentence.custodialTermMonths',
      { disposal: 'COMMUNITY_ORDER', custodialTermMonths: 12 },
    ],
    ['a FINE with a restriction order', 'sentence.restrictionOrder', { disposal: 'FINE', restrictionOrder: true }],
    [
      'an ABSOLUTE_DISCHARGE with discharge months',
      'sentence.dischargeMonths',
      { disposal: 'ABSOLUTE_DISCHARGE', dischargeMonths: 12 },
    ],
    ['no sentenceDate', 'sentence.sentenceDate', { disposal: 'FINE', sentenceDate: undefined }],
  ])('%s is refused at %s', (_name, path, sentence) => {
    expect(errorPaths(withSentence(sentence))).toEqual([path]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['life imprisonment', { disposal: 'IMPRISONMENT', life: true }],
    ['a fractional custodial term', { disposal: 'IMPRISONMENT', custodialTermMonths: 4.5 }],
    ['a suspended sentence', { disposal: 'SUSPENDED_SENTENCE', custodialTermMonths: 24 }],
    ['a hospital order without restriction', { disposal: 'HOSPITAL_ORDER', restrictionOrder: false }],
    ['a conditional discharge', { disposal: 'CONDITIONAL_DISCHARGE', dischargeMonths: 24 }],
    ['a youth rehabilitation order', { disposal: 'YOUTH_REHABILITATION_ORDER' }],
    ['an absolute discharge', { disposal: 'ABSOLUTE_DISCHARGE' }],
  ])('%s with its figures is accepted', (_name, sentence) => {
    parsesOk(withSentence(sentence));
  });
});

describe('orders', () => {
  it.each<[string, string, (m: Record<string, any>) => void]>([
    ['no orderRef', 'orders[0].orderRef', (m) => delete m.orders[0].orderRef],
    ['an unknown orderType', 'orders[0].orderType', (m) => (m.orders[0].orderType = 'ASBO')],
    ['madeOn not a date', 'orders[0].madeOn', (m) => (m.orders[0].madeOn = 'yesterday')],
    ['no duration form', 'orders[0].duration', (m) => (m.orders[0].duration = {})],
    ['two duration forms', 'orders[0].duration', (m) => (m.orders[0].duration = { years: 5, indefinite: true })],
    ['indefinite: false', 'orders[0].duration.indefinite', (m) => (m.orders[0].duration = { indefinite: false })],
    ['years as text', 'orders[0].duration.years', (m) => (m.orders[0].duration = { years: 'five' })],
    ['until not a date', 'orders[0].duration.until', (m) => (m.orders[0].duration = { until: '2031' })],
    [
      'an unknown prohibition code',
      'orders[0].prohibitions[1].code',
      (m) => (m.orders[0].prohibitions[1].code = 'NO_PUBS'),
    ],
    ['a prohibition without text', 'orders[0].prohibitions[0].text', (m) => delete m.orders[0].prohibitions[0].text],
    ['passportSurrender as text', 'orders[0].passportSurrender', (m) => (m.orders[0].passportSurrender = 'true')],
  ])('%s is refused at %s', (_name, path, edit) => {
    expect(errorPaths(edit)).toEqual([path]);
  });

  it.each(['SHPO', 'SRO', 'NOTIFICATION_ORDER', 'RESTRAINING_ORDER', 'SOPO'])(
    'order type %s is accepted',
    (orderType) => {
      parsesOk((m) => (m.orders[0].orderType = orderType));
    },
  );

  it.each([
    'NO_UNSUPERVISED_CONTACT_CHILDREN',
    'NO_CONTACT_NAMED_PERSON',
    'FOREIGN_TRAVEL_PROHIBITED',
    'INTERNET_DEVICE_RESTRICTION',
    'EXCLUSION_ZONE',
    'RESIDENCE_APPROVAL',
    'OTHER',
  ])('prohibition code %s is accepted', (code) => {
    parsesOk((m) => (m.orders[0].prohibitions[0].code = code));
  });

  it.each([[{ years: 5 }], [{ until: '2031-06-30' }], [{ indefinite: true }]])(
    'duration %j is accepted',
    (duration) => {
      parsesOk((m) => (m.orders[0].duration = duration));
    },
  );
});

describe('ORDER_VARIED and ORDER_DISCHARGED', () => {
  const asVaried = (m: Record<string, any>) => {
    m.messageType = 'ORDER_VARIED';
    m.orders[0].variedOn = '2026-11-20';
    m.orders[0].duration = { years: 10 };
  };

  it('a variation with its new terms and variedOn is accepted', () => {
    parsesOk((m) => {
      delete m.sentence;
      m.offences = [];
      asVaried(m);
    });
  });

  it('ORDER_VARIED needs variedOn', () => {
    const edit = (m: Record<string, any>) => {
      m.messageType = 'ORDER_VARIED';
      delete m.orders[0].dischargedOn;
    };
    expect(errorPaths(edit, 'order-discharged.json')).toEqual(['orders[0].variedOn']);
  });

  it('ORDER_DISCHARGED needs dischargedOn', () => {
    expect(errorPaths((m) => delete m.orders[0].dischargedOn, 'order-discharged.json')).toEqual([
      'orders[0].dischargedOn',
    ]);
  });

  it('carries exactly the one order', () => {
    expect(errorPaths((m) => (m.orders = []), 'order-discharged.json')).toEqual(['orders']);
  });
});
