import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from '@jest/globals';
import { readYamlFolder } from '../common/yaml-files';
import { parseAgreement } from './agreement-parser';

// agreements.md: the hub validates every agreement file at start-up and refuses to start on an
// invalid one, naming file, field and reason. The parser names field and reason; the file is
// added by the registry (agreement-registry.spec.ts).

/** The example agreement of agreements.md, as YAML reads it (unquoted dates are strings in YAML 1.2). */
const example = (): Record<string, unknown> => ({
  id: 'DSA-2026-014',
  title: 'Court outcomes and risk changes to West Yorkshire Police and Yorkshire probation (MAPPA)',
  status: 'active',
  validFrom: '2026-04-01',
  reviewBy: '2027-03-31',
  validTo: '2028-03-31',
  controller: 'hub',
  recipients: ['police.west-yorkshire', 'probation.yorkshire'],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'Criminal Justice Act 2003 s.325; Data Protection Act 2018 Part 3 s.35',
  eventTypes: [
    'conviction.recorded',
    'registration.started',
    'order.made',
    'order.varied',
    'order.discharged',
    'risk.level.changed',
    'mappa.changed',
    'watchlist.hit',
  ],
  conditions: { areas: ['WYP'], mappaCategories: [1, 2, 3, 4] },
  fields: [
    'subject.names',
    'subject.dateOfBirth',
    'subject.identifiers',
    'subject.address',
    'conviction',
    'registration',
    'order',
    'risk.roshOverall',
    'mappa',
  ],
  excludeProvenance: [],
  ackWithin: 'P2D',
  classification: 'OFFICIAL-SENSITIVE',
});

const FILE = 'config/agreements/DSA-2026-014.yaml';
const problemsWith = (changes: Record<string, unknown>) => parseAgreement(FILE, { ...example(), ...changes }).problems;
const without = (key: string) => {
  const raw = example();
  delete raw[key];
  return parseAgreement(FILE, raw).problems;
};

describe('a valid agreement', () => {
  it('parses with no problems', () => {
    expect(parseAgreement(FILE, example())).toMatchObject({ problems: [] });
  });

  it('keeps what the file says, and the file it came from', () => {
    const { agreement } = parseAgreement(FILE, example());
    expect(agreement).toEqual({
      id: 'DSA-2026-014',
      title: 'Court outcomes and risk changes to West Yorkshire Police and Yorkshire probation (MAPPA)',
      status: 'active',
      validFrom: '2026-04-01',
      reviewBy: '2027-03-31',
      validTo: '2028-03-31',
      controller: 'hub',
      recipients: ['police.west-yorkshire', 'probation.yorkshire'],
      purpose: 'MAPPA_RISK_MANAGEMENT',
      lawfulBasis: 'Criminal Justice Act 2003 s.325; Data Protection Act 2018 Part 3 s.35',
      eventTypes: [
        'conviction.recorded',
        'registration.started',
        'order.made',
        'order.varied',
        'order.discharged',
        'risk.level.changed',
        'mappa.changed',
        'watchlist.hit',
      ],
      conditions: { areas: ['WYP'], mappaCategories: [1, 2, 3, 4] },
      fields: [
        'subject.names',
        'subject.dateOfBirth',
        'subject.identifiers',
        'subject.address',
        'conviction',
        'registration',
        'order',
        'risk.roshOverall',
        'mappa',
      ],
      excludeProvenance: [],
      ackWithin: 'P2D',
      classification: 'OFFICIAL-SENSITIVE',
      file: FILE,
    });
  });

  it('accepts dates that a YAML 1.1 reader turned into Date objects', () => {
    const { agreement, problems } = parseAgreement(FILE, { ...example(), validFrom: new Date('2026-04-01T00:00:00Z') });
    expect(problems).toEqual([]);
    expect(agreement?.validFrom).toBe('2026-04-01');
  });

  it('needs neither reviewBy, validTo, conditions, excludeProvenance nor ackWithin', () => {
    const raw = example();
    for (const key of ['reviewBy', 'validTo', 'conditions', 'excludeProvenance', 'ackWithin', 'controller'])
      delete raw[key];
    const { agreement, problems } = parseAgreement(FILE, raw);
    expect(problems).toEqual([]);
    expect(agreement).toMatchObject({ conditions: {}, excludeProvenance: [] });
    expect(agreement).not.toHaveProperty('validTo');
  });

  it('takes the narrower duty-to-cooperate example (alert.issued with alertOn)', () => {
    const problems = problemsWith({
      purpose: 'SAFEGUARDING_ALERT',
      eventTypes: ['alert.issued'],
      alertOn: ['order.made'],
      fields: ['subject.names', 'subject.dateOfBirth', 'alert.riskTo', 'alert.contact'],
      excludeProvenance: ['NOTIFICATION'],
    });
    expect(problems).toEqual([]);
  });

  it('accepts every top-level key agreements.md documents, alertOn included', () => {
    const raw = { ...example(), eventTypes: ['order.made', 'alert.issued'], alertOn: ['order.made'] };
    expect(Object.keys(raw).sort()).toEqual(
      [
        'id',
        'title',
        'status',
        'validFrom',
        'reviewBy',
        'validTo',
        'controller',
        'recipients',
        'purpose',
        'lawfulBasis',
        'eventTypes',
        'alertOn',
        'conditions',
        'fields',
        'excludeProvenance',
        'ackWithin',
        'classification',
      ].sort(),
    );
    expect(parseAgreement(FILE, raw).problems).toEqual([]);
  });

  it('accepts every agreement filed in config/demo/agreements', () => {
    const files = readYamlFolder(join(process.cwd(), 'config', 'demo', 'agreements'));
    expect(files.length).toBeGreaterThan(0);
    for (const { file, content } of files)
      expect({ file, problems: parseAgreement(file, content).problems }).toEqual({ file, problems: [] });
  });
});

describe('each invalid field is named, with the reason', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    ['not a mapping', () => parseAgreement(FILE, ['id: x']).problems, /mapping/],
    ['missing id', () => without('id'), /^id: required/],
    ['id too long', () => problemsWith({ id: 'X'.repeat(101) }), /^id: .*at most 100/],
    ['blank title', () => problemsWith({ title: '   ' }), /^title: required/],
    [
      'unknown status',
      () => problemsWith({ status: 'live' }),
      /^status: must be one of draft, active, suspended, terminated/,
    ],
    ['missing validFrom', () => without('validFrom'), /^validFrom: must be a date/],
    [
      'a day that does not exist',
      () => problemsWith({ validFrom: '2026-02-30' }),
      /^validFrom: must be a date YYYY-MM-DD/,
    ],
    [
      'a date in another format',
      () => problemsWith({ reviewBy: '31/03/2027' }),
      /^reviewBy: must be a date YYYY-MM-DD/,
    ],
    ['a bad validTo', () => problemsWith({ validTo: '2028-13-01' }), /^validTo: must be a date/],
    ['validTo before validFrom', () => problemsWith({ validTo: '2026-03-31' }), /^validTo: is before validFrom/],
    ['missing recipients', () => without('recipients'), /^recipients: must be a non-empty list/],
    ['no recipients', () => problemsWith({ recipients: [] }), /^recipients: must be a non-empty list/],
    [
      'recipients not text',
      () => problemsWith({ recipients: ['police.west-yorkshire', 7] }),
      /^recipients: must be a list of text/,
    ],
    ['unknown purpose', () => problemsWith({ purpose: 'CURIOSITY' }), /^purpose: must be one of .*DISCLOSURE_SCHEME/],
    ['missing lawful basis', () => without('lawfulBasis'), /^lawfulBasis: required/],
    ['missing event types', () => without('eventTypes'), /^eventTypes: must be a non-empty list/],
    [
      'an unknown event type',
      () => problemsWith({ eventTypes: ['conviction.recorded', 'conviction.deleted'] }),
      /^eventTypes: unknown value\(s\) conviction\.deleted$/,
    ],
    ['missing fields', () => without('fields'), /^fields: must be a non-empty list/],
    [
      'an unknown field path',
      () => problemsWith({ fields: ['subject.names', 'subject.shoeSize'] }),
      /^fields: unknown value\(s\) subject\.shoeSize$/,
    ],
    [
      'a whole-subject path, which no table row names',
      () => problemsWith({ fields: ['subject'] }),
      /^fields: unknown value\(s\) subject$/,
    ],
    [
      'victim details as a field',
      () => problemsWith({ fields: ['subject.names', 'victim'] }),
      /^fields: unknown value\(s\) victim$/,
    ],
    [
      'an unknown provenance kind',
      () => problemsWith({ excludeProvenance: ['GOSSIP'] }),
      /^excludeProvenance: unknown value\(s\) GOSSIP$/,
    ],
    [
      'excludeProvenance not a list',
      () => problemsWith({ excludeProvenance: 'NOTIFICATION' }),
      /^excludeProvenance: must be a list/,
    ],
    [
      'a disclosure scheme not excluding notification data',
      () => problemsWith({ purpose: 'DISCLOSURE_SCHEME' }),
      /^excludeProvenance: .*DISCLOSURE_SCHEME .*NOTIFICATION/,
    ],
    [
      'alert.issued without alertOn',
      () => problemsWith({ eventTypes: ['alert.issued'] }),
      /^alertOn: required when eventTypes lists alert\.issued/,
    ],
    [
      'alertOn without alert.issued',
      () => problemsWith({ alertOn: ['order.made'] }),
      /^alertOn: only meaningful when eventTypes lists alert\.issued/,
    ],
    [
      'an unknown alertOn event',
      () => problemsWith({ eventTypes: ['alert.issued'], alertOn: ['order.annulled'] }),
      /^alertOn: unknown value\(s\) order\.annulled/,
    ],
    ['ackWithin in words', () => problemsWith({ ackWithin: '2 days' }), /^ackWithin: must be an ISO 8601 duration/],
    [
      'ackWithin with nothing in it',
      () => problemsWith({ ackWithin: 'P' }),
      /^ackWithin: must be an ISO 8601 duration/,
    ],
    [
      'ackWithin with an empty time part',
      () => problemsWith({ ackWithin: 'P1DT' }),
      /^ackWithin: must be an ISO 8601 duration/,
    ],
    [
      'ackWithin in months (not a fixed length)',
      () => problemsWith({ ackWithin: 'P1M' }),
      /^ackWithin: must be an ISO 8601 duration/,
    ],
    ['conditions as a list', () => problemsWith({ conditions: [] }), /^conditions: must be a mapping/],
    [
      'areas not a list',
      () => problemsWith({ conditions: { areas: 'WYP' } }),
      /^conditions\.areas: must be a list of area codes/,
    ],
    [
      'a MAPPA category that does not exist',
      () => problemsWith({ conditions: { mappaCategories: [1, 5] } }),
      /^conditions\.mappaCategories: must be a list drawn from 1, 2, 3, 4/,
    ],
    [
      'a MAPPA category as text',
      () => problemsWith({ conditions: { mappaCategories: ['1'] } }),
      /^conditions\.mappaCategories:/,
    ],
    [
      'a watchlistEntry condition other than true',
      () => problemsWith({ conditions: { watchlistEntry: 'yes' } }),
      /^conditions\.watchlistEntry: must be true/,
    ],
    [
      'a condition the hub cannot enforce',
      () => problemsWith({ conditions: { areas: ['WYP'], ageOver: 18 } }),
      /^conditions: unknown condition\(s\) ageOver/,
    ],
    [
      'an unknown classification',
      () => problemsWith({ classification: 'SECRET' }),
      /^classification: must be OFFICIAL or OFFICIAL-SENSITIVE/,
    ],
    ['a top-level key the contract does not define', () => problemsWith({ colour: 'blue' }), /^colour: unknown field$/],
    [
      'a misspelt restriction, which would otherwise be dropped',
      () => problemsWith({ excludeProvenence: ['NOTIFICATION'] }),
      /^excludeProvenence: unknown field$/,
    ],
  ];

  it.each(cases)('%s: exactly one problem, naming the field', (_name, problems, expected) => {
    const found = problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  it('returns no agreement when there is any problem', () => {
    expect(parseAgreement(FILE, { ...example(), status: 'live' }).agreement).toBeUndefined();
  });

  it('lists every problem of a file at once', () => {
    const problems = problemsWith({ status: 'live', purpose: 'CURIOSITY', fields: ['victim'] });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['fields', 'purpose', 'status']);
  });

  it('accepts the ISO 8601 durations it documents (P2D, PT12H, P1DT2H30M)', () => {
    for (const ackWithin of ['P2D', 'PT12H', 'P1DT2H30M', 'PT45S']) expect(problemsWith({ ackWithin })).toEqual([]);
  });
});

describe('minimum identity link', () => {
  it('parses minimumLink and minimumLinkScore', () => {
    expect(parseAgreement(FILE, { ...example(), minimumLink: 'IDENTIFIER' }).agreement).toMatchObject({
      minimumLink: 'IDENTIFIER',
    });
    expect(
      parseAgreement(FILE, { ...example(), minimumLink: 'SCORED', minimumLinkScore: 0.9999 }).agreement,
    ).toMatchObject({ minimumLink: 'SCORED', minimumLinkScore: 0.9999 });
    expect(parseAgreement(FILE, example()).agreement).not.toHaveProperty('minimumLink');
  });

  it('refuses unknown strengths, scores out of range, and a score with a stricter minimum', () => {
    expect(problemsWith({ minimumLink: 'GUESSED' })).toEqual([
      'minimumLink: must be one of IDENTIFIER, REVIEWED, SCORED',
    ]);
    expect(problemsWith({ minimumLinkScore: 0.2 })).toEqual(['minimumLinkScore: must be a number from 0.5 to 1']);
    expect(problemsWith({ minimumLink: 'IDENTIFIER', minimumLinkScore: 0.99 })).toEqual([
      'minimumLinkScore: only meaningful when minimumLink is SCORED (or absent)',
    ]);
  });
});

describe('conditions.watchlistEntry', () => {
  it("is kept when true: the agreement holds only for subjects the hub wants on HMPO's watchlist", () => {
    const { agreement, problems } = parseAgreement(FILE, { ...example(), conditions: { watchlistEntry: true } });
    expect(problems).toEqual([]);
    expect(agreement!.conditions).toEqual({ watchlistEntry: true });
  });

  it('the shipped HMPO agreement names it, and identifiers for the passport', () => {
    const raw = parse(readFileSync('config/demo/agreements/DSA-2026-015-hmpo.yaml', 'utf8'));
    const { agreement, problems } = parseAgreement('DSA-2026-015-hmpo.yaml', raw);
    expect(problems).toEqual([]);
    expect(agreement).toMatchObject({
      conditions: { watchlistEntry: true },
      fields: expect.arrayContaining(['subject.identifiers']),
      lawfulBasis: expect.stringMatching(/Notification Requirements/),
    });
  });
});

describe('backloaded (events raised by the bulk import)', () => {
  it('is left out by default, and takes skip or deliver', () => {
    expect(parseAgreement(FILE, example()).agreement).not.toHaveProperty('backloaded');
    for (const choice of ['skip', 'deliver'])
      expect(parseAgreement(FILE, { ...example(), backloaded: choice }).agreement?.backloaded).toBe(choice);
  });

  it('refuses anything else, naming the field', () => {
    expect(parseAgreement(FILE, { ...example(), backloaded: 'yes' }).problems).toEqual([
      'backloaded: must be one of skip, deliver',
    ]);
  });
});
