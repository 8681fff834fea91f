import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { touchesRecord } from '../../../src/canonical/commands';
import { CourtOutcomesAdapter } from './court-outcomes.adapter';

// court-outcomes.md: the three fixtures map to the canonical commands written out by hand below.
// "A conviction per guilty (or insanity / did-the-act) finding"; "a HEARING_RESULTED with no
// guilty (or insanity / did-the-act) finding creates no subject and changes no record"; PNC ids
// in the short form are "stored zero-padded with the century".

// A few codes of config/reference/countries.yaml (the whole table is src/rules' to load and test).
const adapter = new CourtOutcomesAdapter(
  new Map([
    ['GB', 'United Kingdom'],
    ['TH', 'Thailand'],
    ['KH', 'Cambodia'],
  ]),
);
const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(join(process.cwd(), 'adapters', 'inbound', 'court-outcomes', 'fixtures', name), 'utf8'));

function commandOf(message: unknown, agencyId: string) {
  const result = adapter.parse(message, { agencyId });
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  expect(result.commands).toHaveLength(1);
  return { sourceMessageId: result.sourceMessageId, command: result.commands[0] };
}

describe('fixture hearing-resulted-shpo.json', () => {
  const { sourceMessageId, command } = commandOf(fixture('hearing-resulted-shpo.json'), 'court.leeds-crown');

  it('keeps the court system message id', () => {
    expect(sourceMessageId).toBe('LCC-2026-10-14-000173');
  });

  it('maps to RECORD_HEARING_RESULT with the person, conviction, sentence and SHPO', () => {
    expect(command).toEqual({
      kind: 'RECORD_HEARING_RESULT',
      person: {
        forenames: 'John Michael',
        surname: 'SMITH',
        aliases: [{ forenames: 'Jon', surname: 'SMYTH' }],
        dateOfBirth: '1986-02-28',
        sex: 'M',
        nationality: 'GB',
        identifiers: [
          { scheme: 'PNC', value: '2004/0123456B' },
          { scheme: 'CRO', value: '123456/04L' },
        ],
        sourceReference: { source: 'COURT_DEFENDANT:court.leeds-crown', value: 'D-88231' },
        statedAt: '2026-10-14T16:32:10Z',
        address: { line1: '14 Example Terrace', town: 'Leeds', postcode: 'LS6 2AB' },
      },
      court: { code: 'C2301', name: 'Leeds Crown Court', level: 'CROWN' },
      caseUrn: '13SL1234567',
      hearingDate: '2026-10-14',
      findings: [
        {
          sequence: 1,
          offenceCode: 'SX03014',
          wording: 'Sexual assault on a female child under 13',
          legislation: 'Sexual Offences Act 2003 s.7',
          offenceDate: '2025-06-01',
          finding: 'GUILTY',
          convictionDate: '2026-09-30',
          notificationCertificate: true,
        },
      ],
      sentence: { sentenceDate: '2026-10-14', disposal: 'IMPRISONMENT', custodialTermMonths: 36 },
      orders: [
        {
          orderRef: 'LCC-SHPO-2026-0412',
          orderType: 'SHPO',
          madeOn: '2026-10-14',
          duration: { indefinite: true },
          prohibitions: [
            {
              code: 'NO_UNSUPERVISED_CONTACT_CHILDREN',
              text: 'Not to have any unsupervised contact with any female under the age of 16 other than such as is inadvertent and not reasonably avoidable in the course of daily life.',
            },
            {
              code: 'FOREIGN_TRAVEL_PROHIBITED',
              text: 'Not to travel to any country outside the United Kingdom.',
              countries: ['*'],
            },
          ],
          passportSurrender: true,
        },
      ],
    });
  });
});

describe('fixture hearing-resulted-juvenile-community.json', () => {
  const { command } = commandOf(fixture('hearing-resulted-juvenile-community.json'), 'court.leeds-youth');

  it('maps to RECORD_HEARING_RESULT with no identifiers and no orders', () => {
    expect(command).toEqual({
      kind: 'RECORD_HEARING_RESULT',
      person: {
        forenames: 'Siobhán',
        surname: "O'Connor-Nwosu",
        aliases: [],
        dateOfBirth: '2010-03-15',
        sex: 'F',
        identifiers: [],
        sourceReference: { source: 'COURT_DEFENDANT:court.leeds-youth', value: 'D-90112' },
        statedAt: '2026-11-02T11:05:00Z',
      },
      court: { code: 'B2405', name: 'Leeds Youth Court', level: 'YOUTH' },
      caseUrn: '13SL7654321',
      hearingDate: '2026-11-02',
      findings: [
        {
          sequence: 1,
          offenceCode: 'SX03005',
          wording: 'Rape of a child under 13',
          legislation: 'Sexual Offences Act 2003 s.5',
          offenceDate: '2026-05-20',
          finding: 'GUILTY',
          convictionDate: '2026-11-02',
          notificationCertificate: true,
        },
      ],
      sentence: { sentenceDate: '2026-11-02', disposal: 'YOUTH_REHABILITATION_ORDER' },
      orders: [],
    });
  });
});

describe('fixture order-discharged.json', () => {
  const { command } = commandOf(fixture('order-discharged.json'), 'court.leeds-magistrates');

  it('maps to DISCHARGE_ORDER for the one order, with its discharge date', () => {
    expect(command).toEqual({
      kind: 'DISCHARGE_ORDER',
      person: {
        forenames: 'John Michael',
        surname: 'SMITH',
        aliases: [],
        dateOfBirth: '1986-02-28',
        sex: 'M',
        identifiers: [{ scheme: 'PNC', value: '2004/0123456B' }],
        sourceReference: { source: 'COURT_DEFENDANT:court.leeds-magistrates', value: 'D-88231' },
        statedAt: '2026-11-20T10:00:00Z',
      },
      court: { code: 'B2401', name: "Leeds Magistrates' Court", level: 'MAGISTRATES' },
      order: {
        orderRef: 'LCC-SHPO-2026-0412',
        orderType: 'SHPO',
        madeOn: '2026-10-14',
        duration: { indefinite: true },
        prohibitions: [],
        passportSurrender: false,
        dischargedOn: '2026-11-20',
      },
    });
  });
});

describe('ORDER_VARIED', () => {
  it('maps to VARY_ORDER with the new terms and variedOn', () => {
    const message = fixture('order-discharged.json');
    message.messageType = 'ORDER_VARIED';
    delete message.orders[0].dischargedOn;
    message.orders[0].variedOn = '2026-11-20';
    message.orders[0].duration = { years: 10 };
    message.orders[0].prohibitions = [
      { code: 'EXCLUSION_ZONE', text: 'Not to enter Roundhay Park.', until: '2030-01-01' },
    ];
    const { command } = commandOf(message, 'court.leeds-magistrates');
    expect(command).toMatchObject({
      kind: 'VARY_ORDER',
      order: {
        orderRef: 'LCC-SHPO-2026-0412',
        duration: { years: 10 },
        prohibitions: [{ code: 'EXCLUSION_ZONE', text: 'Not to enter Roundhay Park.', until: '2030-01-01' }],
        passportSurrender: false,
        variedOn: '2026-11-20',
      },
    });
  });
});

describe('findings that record a conviction', () => {
  const withFindings = (findings: string[]) => {
    const message = fixture('hearing-resulted-shpo.json');
    message.offences = findings.map((finding, i) => ({
      ...message.offences[0],
      sequence: i + 1,
      finding,
      ...(['NOT_GUILTY', 'ADJOURNED'].includes(finding) ? { convictionDate: undefined } : {}),
    }));
    return message;
  };

  it('keeps guilty, insanity and did-the-act findings, and drops not guilty and adjourned', () => {
    const { command } = commandOf(
      withFindings([
        'GUILTY',
        'NOT_GUILTY',
        'NOT_GUILTY_BY_REASON_OF_INSANITY',
        'ADJOURNED',
        'UNFIT_TO_PLEAD_DID_THE_ACT',
      ]),
      'court.x',
    );
    expect(command.kind === 'RECORD_HEARING_RESULT' && command.findings.map((f) => [f.sequence, f.finding])).toEqual([
      [1, 'GUILTY'],
      [3, 'NOT_GUILTY_BY_REASON_OF_INSANITY'],
      [5, 'UNFIT_TO_PLEAD_DID_THE_ACT'],
    ]);
  });

  it('an acquittal with no order touches no record', () => {
    const message = withFindings(['NOT_GUILTY']);
    delete message.sentence;
    message.orders = [];
    const { command } = commandOf(message, 'court.x');
    expect(command).toMatchObject({ kind: 'RECORD_HEARING_RESULT', findings: [], sentence: null, orders: [] });
    expect(touchesRecord(command)).toBe(false);
  });

  it('a missing notificationCertificate means no certificate', () => {
    const message = fixture('hearing-resulted-shpo.json');
    delete message.offences[0].notificationCertificate;
    const { command } = commandOf(message, 'court.x');
    expect(command.kind === 'RECORD_HEARING_RESULT' && command.findings[0].notificationCertificate).toBe(false);
  });

  it('an adjourned sentence maps to a null sentence', () => {
    const message = fixture('hearing-resulted-shpo.json');
    delete message.sentence;
    message.sentencingAdjourned = true;
    const { command } = commandOf(message, 'court.x');
    expect(command).toMatchObject({ kind: 'RECORD_HEARING_RESULT', sentence: null });
  });
});

describe('identifiers and names', () => {
  const claimed = (edit: (m: Record<string, any>) => void) => {
    const message = fixture('hearing-resulted-shpo.json');
    edit(message);
    const { command } = commandOf(message, 'court.x');
    return command.person;
  };

  it('stores a short-form PNC id zero-padded with the century', () => {
    expect(claimed((m) => (m.defendant.pncId = '04/123456B')).identifiers).toContainEqual({
      scheme: 'PNC',
      value: '2004/0123456B',
    });
  });

  it('stores a CRO number zero-padded and in upper case', () => {
    expect(claimed((m) => (m.defendant.croNumber = '3456/04l')).identifiers).toContainEqual({
      scheme: 'CRO',
      value: '003456/04L',
    });
  });

  it('trims names but keeps their spelling and case', () => {
    expect(claimed((m) => (m.defendant.name = { forenames: ' Siobhán ', surname: "O'CONNOR-NWOSU " }))).toMatchObject({
      forenames: 'Siobhán',
      surname: "O'CONNOR-NWOSU",
    });
  });

  it('namespaces the court defendant id by the sending court', () => {
    expect(claimed(() => undefined).sourceReference).toEqual({ source: 'COURT_DEFENDANT:court.x', value: 'D-88231' });
  });
});
