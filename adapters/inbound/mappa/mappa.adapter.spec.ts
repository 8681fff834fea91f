import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MappaAdapter } from './mappa.adapter';
import { KEPT_APART } from './victim-section';

// mappa.md, field by field: a message that breaks a rule is refused with the offending field
// named by its path; a valid one becomes one canonical command, and never carries a victim section.

const adapter = new MappaAdapter();
const context = {
  agencyId: 'mappa.west-yorkshire',
  agencyAreas: ['WYP'],
  knownAgencies: new Set(['police.west-yorkshire', 'probation.yorkshire', 'dtc.leeds-city-housing']),
};
const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(join(process.cwd(), 'adapters', 'inbound', 'mappa', 'fixtures', `${name}.json`), 'utf8'));

function errorPaths(edit: (m: Record<string, any>) => void, base = 'meeting-held'): string[] {
  const message = fixture(base);
  edit(message);
  const result = adapter.parse(message, context);
  if (result.ok) return [];
  if (!('errors' in result)) throw new Error(`unreadable: ${result.unreadable}`);
  // Each field once: a field failing several rules has an entry per rule (one message each).
  return [...new Set(result.errors.map((e) => e.path))].sort();
}

describe('MAPPA unit messages', () => {
  it.each(['meeting-held', 'action-updated'])('the %s fixture is valid', (name) => {
    expect(adapter.parse(fixture(name), context)).toMatchObject({ ok: true, sourceMessageId: fixture(name).eventId });
  });

  it('maps a meeting to a RECORD_MAPPA_MEETING linked by identifiers, without its victim section', () => {
    const result = adapter.parse(fixture('meeting-held'), context);
    if (!result.ok) throw new Error('expected ok');
    const [command] = result.commands;
    expect(command).toMatchObject({
      kind: 'RECORD_MAPPA_MEETING',
      person: {
        identifiers: [
          { scheme: 'PNC', value: '2004/0123456B' },
          { scheme: 'CRN', value: 'X123456' },
        ],
      },
      meeting: {
        meetingId: 'MM-2026-0042',
        area: 'WYP',
        level: 2,
        chair: { agency: 'police.west-yorkshire' },
        actions: [
          { actionId: 'MM-2026-0042-A1', owner: { agency: 'police.west-yorkshire' }, dueOn: '2026-12-14' },
          { actionId: 'MM-2026-0042-A2', owner: { agency: 'dtc.leeds-city-housing' }, dueOn: '2026-12-21' },
        ],
      },
    });
    expect(JSON.stringify(command)).not.toContain('Example Road');
    expect(JSON.stringify(command)).not.toContain('victimSection');
  });

  it('maps an action update to RECORD_MAPPA_ACTION_UPDATE', () => {
    const result = adapter.parse(fixture('action-updated'), context);
    if (!result.ok) throw new Error('expected ok');
    expect(result.commands[0]).toMatchObject({
      kind: 'RECORD_MAPPA_ACTION_UPDATE',
      update: { meetingId: 'MM-2026-0042', actionId: 'MM-2026-0042-A2', status: 'BLOCKED', updatedOn: '2026-12-02' },
    });
  });

  it('refuses a person with no identifier: never linked by name alone', () => {
    expect(
      errorPaths((m) => {
        delete m.person.pncId;
        delete m.person.crn;
      }),
    ).toEqual(['person']);
  });

  it('names every bad field of a meeting', () => {
    expect(
      errorPaths((m) => {
        m.meeting.level = 1;
        m.meeting.riskSummary = 'x'.repeat(4001);
        m.meeting.attendees[1].agency = 'probation.nowhere';
        m.meeting.actions[1].actionId = m.meeting.actions[0].actionId;
        m.meeting.actions[0].dueOn = '2026-11-01';
        m.meeting.chair = { name: 'A' };
        m.area = 'GMP';
      }),
    ).toEqual([
      'area',
      'meeting.actions[0].dueOn',
      'meeting.actions[1].actionId',
      'meeting.attendees[1].agency',
      'meeting.chair.agency',
      'meeting.level',
      'meeting.riskSummary',
    ]);
  });

  it('refuses the wrong body field, unknown fields, a future date and a timestamp ahead of the clock', () => {
    expect(
      errorPaths((m) => {
        m.action = fixture('action-updated').action;
        m.meeting.heldOn = '2099-01-01';
        // (its actions and next review after it, so only the meeting date is named)
        for (const a of m.meeting.actions) a.dueOn = '2099-02-01';
        m.meeting.nextReviewOn = '2099-03-01';
        m.meeting.extra = 'x';
        m.occurredAt = '2099-01-01T00:00:00Z';
      }),
    ).toEqual(['action', 'meeting.extra', 'meeting.heldOn', 'occurredAt']);
    expect(errorPaths((m) => (m.action.status = 'OPEN'), 'action-updated')).toEqual(['action.status']);
    expect(errorPaths((m) => delete m.action, 'action-updated')).toEqual(['action']);
  });

  it('keeps no victim section in the message it keeps, wherever it is put, and names none when there is none', () => {
    const message = fixture('meeting-held');
    const raw = Buffer.from(JSON.stringify(message));
    const kept = adapter.withhold(message, raw)!.toString();
    expect(kept).not.toContain('Example Road');
    expect(JSON.parse(kept).meeting.victimSection).toBe(KEPT_APART);
    const elsewhere = { ...message, person: { ...message.person, victimSection: 'Victim V2' } };
    expect(adapter.withhold(elsewhere, Buffer.from(JSON.stringify(elsewhere)))!.toString()).not.toContain('V2');
    const unreadable = Buffer.from('{"meeting": {"victimSection": "Victim V3"');
    expect(adapter.withhold(null, unreadable)!.toString()).not.toContain('V3');
    const plain = fixture('action-updated');
    expect(adapter.withhold(plain, Buffer.from(JSON.stringify(plain)))).toBeNull();
  });
});
