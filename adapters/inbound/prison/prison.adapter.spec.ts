import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PrisonAdapter } from './prison.adapter';

// prison.md, field by field: a message that breaks a rule is refused with the offending field
// named by its path; a valid one becomes one canonical RECORD_PRISON_UPDATE.

const adapter = new PrisonAdapter();
const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(join(process.cwd(), 'adapters', 'inbound', 'prison', 'fixtures', `${name}.json`), 'utf8'));

function errorPaths(edit: (m: Record<string, any>) => void, base = 'reception'): string[] {
  const message = fixture(base);
  edit(message);
  const result = adapter.parse(message);
  if (result.ok) return [];
  if (!('errors' in result)) throw new Error(`unreadable: ${result.unreadable}`);
  // Each field once: a field failing several rules has an entry per rule (one message each).
  return [...new Set(result.errors.map((e) => e.path))].sort();
}

describe('prison messages', () => {
  it.each(['reception', 'transferred', 'release-date-set', 'released'])('the %s fixture is valid', (name) => {
    expect(adapter.parse(fixture(name))).toMatchObject({ ok: true, sourceMessageId: fixture(name).eventId });
  });

  it('maps a reception to the establishment, the person by NOMS number (and PNC id), and the custody change', () => {
    const result = adapter.parse(fixture('reception'));
    if (!result.ok) throw new Error('expected ok');
    expect(result.commands).toEqual([
      {
        kind: 'RECORD_PRISON_UPDATE',
        eventId: 'NOMIS-EVT-300101',
        establishment: { code: 'LEI', name: 'HMP Leeds', area: 'WYP' },
        person: {
          forenames: 'John Michael',
          surname: 'Smith',
          aliases: [],
          dateOfBirth: '1986-02-28',
          identifiers: [
            { scheme: 'PNC', value: '2004/0123456B' },
            { scheme: 'NOMS', value: 'A1234BC' },
          ],
          statedAt: '2026-10-14T18:05:00Z',
        },
        change: { type: 'RECEPTION', receivedOn: '2026-10-14', reason: 'SENTENCED' },
      },
    ]);
  });

  it('maps a release with its type, area and address (postcode upper-cased)', () => {
    const m = fixture('released');
    m.release.address.postcode = 'ls7 3qp';
    const result = adapter.parse(m);
    if (!result.ok) throw new Error('expected ok');
    expect(result.commands[0]).toMatchObject({
      change: {
        type: 'RELEASED',
        releasedOn: '2026-12-03',
        releaseType: 'LICENCE',
        releaseArea: 'WYP',
        address: { postcode: 'LS7 3QP', type: 'APPROVED_PREMISES' },
      },
    });
  });

  it('requires the NOMS number, a 3-letter establishment code and a force code for its area', () => {
    expect(errorPaths((m) => delete m.person.nomsNumber)).toEqual(['person.nomsNumber']);
    expect(errorPaths((m) => (m.establishment = { code: 'LEIX', name: 'HMP Leeds', area: 'West Yorkshire' }))).toEqual([
      'establishment.area',
      'establishment.code',
    ]);
  });

  it('requires the body field of the event type, and refuses the others', () => {
    expect(errorPaths((m) => delete m.custody)).toEqual(['custody']);
    expect(errorPaths((m) => (m.release = fixture('released').release))).toEqual(['release']);
    expect(errorPaths((m) => (m.eventType = 'ESCAPED'))).toEqual(['eventType']);
  });

  it('needs expectedOn for RELEASE_DATE_SET and releasedOn for RELEASED', () => {
    expect(
      errorPaths((m) => ((m.release.releasedOn = '2026-12-03'), delete m.release.expectedOn), 'release-date-set'),
    ).toEqual(['release.expectedOn', 'release.releasedOn']);
  });

  it('refuses an occurredAt more than 5 minutes ahead of the clock', () => {
    expect(errorPaths((m) => (m.occurredAt = new Date(Date.now() + 6 * 60_000).toISOString()))).toEqual(['occurredAt']);
    expect(errorPaths((m) => (m.occurredAt = new Date(Date.now() + 60_000).toISOString()))).toEqual([]);
  });
});
