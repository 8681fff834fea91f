import { describe, expect, it } from '@jest/globals';
import type { CanonicalCommand, PersonClaim, RecordHearingResult } from '../canonical/commands';
import type { Provenance } from '../canonical/provenance';
import { emptySubjectRecord, type SubjectRecord } from '../canonical/subject-record';
import { loadNotificationPeriodTable } from '../rules/notification-period-table';
import { applyCommand } from './apply-command';
import { areasOfPostcode, loadResponsibilityReference } from '../responsibility/responsibility-reference';
import { currentAreas, currentFacts } from '../responsibility/responsibility-facts';

const table = loadNotificationPeriodTable('config/reference');
const places = loadResponsibilityReference('config/reference');
const TODAY = '2026-10-20';
const from = (agency: string, messageId: string): Provenance => ({
  kind: 'COURT',
  agency,
  messageId,
  receivedAt: '2026-10-20T10:00:00Z',
});
const person = (address?: PersonClaim['address']): PersonClaim => ({
  forenames: 'Mary',
  surname: 'JONES',
  aliases: [],
  dateOfBirth: '1990-05-05',
  identifiers: [{ scheme: 'PNC', value: '2010/1111111F' }],
  ...(address ? { address } : {}),
});
const conviction = (urn: string, senderAreas: string[], address?: PersonClaim['address']): RecordHearingResult => ({
  kind: 'RECORD_HEARING_RESULT',
  person: person(address),
  court: { code: 'C2301', name: 'A Crown Court', level: 'CROWN' },
  caseUrn: urn,
  hearingDate: '2026-10-14',
  findings: [
    {
      sequence: 1,
      offenceCode: 'SX03014',
      wording: 'Sexual assault',
      finding: 'GUILTY',
      convictionDate: '2026-09-30',
      notificationCertificate: true,
    },
  ],
  sentence: { sentenceDate: '2026-10-14', disposal: 'COMMUNITY_ORDER' },
  orders: [],
  senderAreas,
});
const apply = (record: SubjectRecord, command: CanonicalCommand, provenance: Provenance, isNew = false) =>
  applyCommand(record, isNew, command, provenance, table, TODAY, places);
const LEEDS = { line1: '14 Example Terrace', town: 'Leeds', postcode: 'LS6 2AB' };
const MANCHESTER = { line1: '3 Sample Street', town: 'Manchester', postcode: 'M14 5RT' };

describe('postcode reference data', () => {
  it('places a postcode by its district, or its area letters, and nowhere when unknown', () => {
    expect(areasOfPostcode(places, 'LS6 2AB')).toEqual(['WYP']);
    expect(areasOfPostcode(places, 'm145rt')).toEqual(['GMP']);
    expect(areasOfPostcode(places, 'SW1A 1AA')).toEqual([]);
    expect(areasOfPostcode(places, undefined)).toEqual([]);
  });
});

describe('responsibility from the record', () => {
  it('a conviction gives the court its area and the address the residence, both current', () => {
    const { record } = apply(
      emptySubjectRecord(),
      conviction('URN-1', ['WYP'], LEEDS),
      from('court.leeds-crown', 'm1'),
      true,
    );
    expect(currentFacts(record).map((f) => [f.kind, f.area])).toEqual([
      ['RESIDENCE', 'WYP'],
      ['CONVICTING_COURT', 'WYP'],
    ]);
    expect(currentAreas(record)).toEqual(['WYP']);
  });

  it('a message that changes nothing adds nothing, whoever sends it', () => {
    const first = apply(
      emptySubjectRecord(),
      conviction('URN-1', ['WYP'], LEEDS),
      from('court.leeds-crown', 'm1'),
      true,
    ).record;
    const again = apply(first, conviction('URN-1', ['GMP'], LEEDS), from('court.manchester-crown', 'm2'));
    expect(currentAreas(again.record)).toEqual(['WYP']);
    expect(again.record.responsibility).toEqual(first.responsibility);
    expect(again.events).toEqual([]);
    const nominal = apply(
      first,
      {
        kind: 'RECORD_PNC_UPDATE',
        person: person(),
        force: 'MPS',
        change: { type: 'NOMINAL_UPDATED' },
        senderAreas: ['MPS'],
      },
      from('police.metropolitan', 'm3'),
    );
    expect(currentAreas(nominal.record)).toEqual(['WYP']);
  });

  it('a move of address moves the residence, closing the old period, and raises responsibility.changed with both sides', () => {
    const first = apply(
      emptySubjectRecord(),
      conviction('URN-1', ['WYP'], LEEDS),
      from('court.leeds-crown', 'm1'),
      true,
    ).record;
    const allocated = apply(
      first,
      {
        kind: 'RECORD_PROBATION_UPDATE',
        person: person(),
        change: { type: 'OFFENDER_MANAGER', offenderManager: { name: 'S', team: 'T', email: 'e@x', phone: '1' } },
        senderAreas: ['WYP'],
      },
      from('probation.yorkshire', 'm2'),
    ).record;
    // The manager ends the convicting court's period.
    expect(
      currentFacts(allocated)
        .map((f) => f.kind)
        .sort(),
    ).toEqual(['PROBATION_MANAGER', 'RESIDENCE']);
    const moved = apply(
      allocated,
      {
        kind: 'RECORD_PROBATION_UPDATE',
        person: person(),
        change: { type: 'ADDRESS', address: { ...MANCHESTER, type: 'HOME', from: '2026-10-19' } },
        senderAreas: ['WYP'],
      },
      from('probation.yorkshire', 'm3'),
    );
    expect(currentAreas(moved.record)).toEqual(['GMP', 'WYP']);
    const residence = moved.record.responsibility!.filter((f) => f.kind === 'RESIDENCE');
    expect(residence.map((f) => [f.area, f.to ?? null])).toEqual([
      ['WYP', TODAY],
      ['GMP', null],
    ]);
    const changed = moved.events.find((e) => e.type === 'responsibility.changed')!;
    expect(changed.data.responsibility).toMatchObject({
      before: ['WYP'],
      after: ['GMP', 'WYP'],
      reason: 'ADDRESS_CHANGED',
    });
  });

  it('police management comes from a notification to a force of its own area, while requirements are in force', () => {
    const first = apply(
      emptySubjectRecord(),
      conviction('URN-1', ['WYP'], LEEDS),
      from('court.leeds-crown', 'm1'),
      true,
    ).record;
    const notify = (force: string, senderAreas: string[], id: string) =>
      apply(
        first,
        {
          kind: 'RECORD_PNC_UPDATE',
          person: person(),
          force,
          change: { type: 'NOTIFICATION', notificationId: id, kind: 'INITIAL', receivedOn: TODAY, details: {} },
          senderAreas,
        },
        from(`police.${force}`, id),
      ).record;
    expect(currentFacts(notify('WYP', ['WYP'], 'n1')).map((f) => [f.kind, f.area])).toEqual([
      ['RESIDENCE', 'WYP'],
      ['POLICE_MANAGER', 'WYP'],
    ]);
    // The Met claiming West Yorkshire's force code, or its own, gains nothing: not its area / not where the person is managed.
    expect(currentFacts(notify('WYP', ['MPS'], 'n2')).map((f) => f.kind)).not.toContain('POLICE_MANAGER');
  });

  it('prison custody opens at reception, moves on transfer and closes on release', () => {
    const first = apply(
      emptySubjectRecord(),
      conviction('URN-1', ['WYP'], LEEDS),
      from('court.leeds-crown', 'm1'),
      true,
    ).record;
    const prison = (eventId: string, change: Extract<CanonicalCommand, { kind: 'RECORD_PRISON_UPDATE' }>['change']) =>
      ({
        kind: 'RECORD_PRISON_UPDATE',
        person: person(),
        eventId,
        establishment: { code: 'LEI', name: 'HMP Leeds', area: 'WYP' },
        change,
        senderAreas: [],
      }) as CanonicalCommand;
    const received = apply(
      first,
      prison('p1', { type: 'RECEPTION', receivedOn: '2026-10-15', reason: 'SENTENCED' }),
      from('prison.leeds', 'p1'),
    ).record;
    expect(currentFacts(received).find((f) => f.kind === 'CUSTODY')).toMatchObject({
      area: 'WYP',
      unit: { code: 'LEI' },
      from: '2026-10-15',
    });
    const transferred = apply(
      received,
      prison('p2', {
        type: 'TRANSFERRED',
        transferredOn: '2026-10-18',
        to: { code: 'MRI', name: 'HMP Manchester', area: 'GMP' },
      }),
      from('prison.leeds', 'p2'),
    );
    expect(currentFacts(transferred.record).find((f) => f.kind === 'CUSTODY')).toMatchObject({
      area: 'GMP',
      unit: { code: 'MRI' },
    });
    expect(transferred.events.map((e) => e.type)).toEqual(['custody.transferred', 'responsibility.changed']);
    const released = apply(
      transferred.record,
      prison('p3', { type: 'RELEASED', releasedOn: '2026-10-19', releaseType: 'LICENCE', releaseArea: 'WYP' }),
      from('prison.manchester', 'p3'),
    ).record;
    expect(currentFacts(released).some((f) => f.kind === 'CUSTODY')).toBe(false);
    expect(released.responsibility!.filter((f) => f.kind === 'CUSTODY').map((f) => [f.area, f.from, f.to])).toEqual([
      ['WYP', '2026-10-15', '2026-10-18'],
      ['GMP', '2026-10-18', '2026-10-19'],
    ]);
    // The same release sent again is one fact.
    expect(
      apply(
        released,
        prison('p3', { type: 'RELEASED', releasedOn: '2026-10-19', releaseType: 'LICENCE', releaseArea: 'WYP' }),
        from('prison.manchester', 'p3'),
      ).record,
    ).toEqual(released);
  });

  it('supervision ending while the requirements continue passes the MAPPA lead to police, with the handover package', () => {
    const first = apply(
      emptySubjectRecord(),
      conviction('URN-1', ['WYP'], LEEDS),
      from('court.leeds-crown', 'm1'),
      true,
    ).record;
    const probation = (change: Extract<CanonicalCommand, { kind: 'RECORD_PROBATION_UPDATE' }>['change']) =>
      ({ kind: 'RECORD_PROBATION_UPDATE', person: person(), change, senderAreas: ['WYP'] }) as CanonicalCommand;
    let record = first;
    for (const [change, id] of [
      [{ type: 'OFFENDER_MANAGER', offenderManager: { name: 'S', team: 'T', email: 'e@x', phone: '1' } }, 'p1'],
      [
        {
          type: 'MAPPA',
          mappa: { changeId: 'MC1', category: 1, level: 2, startDate: '2026-10-15', leadAgency: 'PROBATION' },
        },
        'p2',
      ],
      [
        {
          type: 'LICENCE',
          licence: {
            startDate: '2026-10-15',
            expiryDate: '2026-10-19',
            conditions: [{ code: 'NC', text: 'No contact' }],
          },
        },
        'p3',
      ],
    ] as const)
      record = apply(record, probation(change as never), from('probation.yorkshire', id)).record;
    expect(currentFacts(record).find((f) => f.kind === 'MAPPA_LEAD')).toMatchObject({
      agency: 'PROBATION',
      area: 'WYP',
    });

    const ended = apply(
      record,
      probation({ type: 'SUPERVISION_ENDED', endedOn: '2026-10-19', reason: 'Licence expired' }),
      from('probation.yorkshire', 'p4'),
    );
    expect(currentFacts(ended.record).find((f) => f.kind === 'MAPPA_LEAD')).toMatchObject({
      agency: 'POLICE',
      area: 'WYP',
      from: '2026-10-19',
    });
    // The areas stay West Yorkshire, but the new lead must hear of it, with what it needs.
    const changed = ended.events.find((e) => e.type === 'responsibility.changed')!;
    expect(changed.data.responsibility).toMatchObject({
      before: ['WYP'],
      after: ['WYP'],
      reason: 'SUPERVISION_ENDED',
      handover: { leadAgency: 'POLICE', areas: ['WYP'], on: '2026-10-19', acknowledgementRequired: true },
    });
    expect(changed.data.licence).toMatchObject({ conditions: [{ code: 'NC', text: 'No contact' }] });
    expect(changed.data.mappa).toMatchObject({ category: 1, actions: [] });

    // Sent again, it is nothing new.
    expect(
      apply(
        ended.record,
        probation({ type: 'SUPERVISION_ENDED', endedOn: '2026-10-19', reason: 'Licence expired' }),
        from('probation.yorkshire', 'p4'),
      ).events,
    ).toEqual([]);
  });
});
