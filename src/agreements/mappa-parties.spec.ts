import { describe, expect, it } from '@jest/globals';
import type { Agreement } from './agreement';
import { decideDelivery, decideRecord } from './disclosure-decision';
import { mappaPartiesOf } from './mappa-parties';

// mappa.md: a minute goes "to every attendee agency and every agency whose agreement lists the
// event and whose conditions hold"; an action to its owner; its clock to the owner, escalated to
// the chair. A party still needs an agreement in force that names it and lists the event, and
// sees only that agreement's fields.

const HOUSING = 'dtc.leeds-city-housing';
const MET = 'police.metropolitan';
const dsa = (id: string, recipient: string, over: Partial<Agreement> = {}): Agreement => ({
  id,
  title: id,
  status: 'active',
  validFrom: '2026-01-01',
  recipients: [recipient],
  purpose: 'MAPPA_RISK_MANAGEMENT',
  lawfulBasis: 'test',
  eventTypes: ['mappa.meeting.held', 'mappa.action.assigned', 'deadline.overdue'],
  conditions: { areas: ['WYP'], mappaCategories: [3] },
  fields: ['subject.names', 'mappa.meetings'],
  excludeProvenance: [],
  classification: 'OFFICIAL-SENSITIVE',
  file: `${id}.yaml`,
  ...over,
});
// Category 1 in WYP: neither agreement's conditions hold.
const facts = { areas: ['WYP'], mappaCategory: 1, hasActiveRegistration: true };
const meetingHeld = {
  type: 'mappa.meeting.held',
  audience: null,
  data: {
    subject: { names: [{ forenames: 'J', surname: 'S' }], identifiers: [{ scheme: 'PNC', value: '2004/0123456B' }] },
    mappa: {
      meetings: {
        meetingId: 'MM-1',
        chair: { name: 'C', agency: 'probation.yorkshire' },
        attendees: [{ agency: HOUSING }, { agency: 'police.west-yorkshire' }],
        riskSummary: 'High',
      },
    },
  },
};
const deliver = (agreements: Agreement[], agencyId: string, event: typeof meetingHeld | Record<string, any>) =>
  decideDelivery(agreements, {
    event: event as typeof meetingHeld,
    facts,
    subscription: { agencyId, eventTypes: [event.type], filter: {} },
  });

describe('MAPPA parties', () => {
  it('are the attendees and chair of a minute, the owner of an action, and the owner then chair of its clock', () => {
    expect(mappaPartiesOf('mappa.meeting.held', meetingHeld.data).sort()).toEqual(
      [HOUSING, 'police.west-yorkshire', 'probation.yorkshire'].sort(),
    );
    const action = { mappa: { actions: { owner: { agency: HOUSING } } } };
    expect(mappaPartiesOf('mappa.action.assigned', action)).toEqual([HOUSING]);
    const clock = (kind: string) => ({ deadline: { kind, mappaAction: { owner: HOUSING, chair: MET } } });
    expect(mappaPartiesOf('deadline.overdue', clock('MAPPA_ACTION'))).toEqual([HOUSING]);
    expect(mappaPartiesOf('deadline.overdue', clock('MAPPA_ACTION_ESCALATED'))).toEqual([MET]);
    expect(mappaPartiesOf('deadline.overdue', clock('ORDER_EXPIRY'))).toEqual([]);
    expect(mappaPartiesOf('conviction.recorded', meetingHeld.data)).toEqual([]);
  });

  it('an attendee receives the minute though its conditions fail, with only its agreement’s fields', () => {
    const decision = deliver([dsa('H', HOUSING)], HOUSING, meetingHeld);
    expect(decision.allowed).toBe(true);
    expect(decision.payload).toEqual({
      subject: { names: [{ forenames: 'J', surname: 'S' }] },
      mappa: { meetings: meetingHeld.data.mappa.meetings },
    });
    // No identifiers: outside the agreement's fields, they never reach it.
    expect(JSON.stringify(decision.payload)).not.toContain('2004/0123456B');
  });

  it('a non-party is still asked the conditions; a party with no agreement listing the event gets nothing', () => {
    expect(deliver([dsa('M', MET)], MET, meetingHeld).allowed).toBe(false);
    expect(deliver([dsa('H', HOUSING, { eventTypes: ['alert.issued'] })], HOUSING, meetingHeld).allowed).toBe(false);
    expect(
      deliver(
        [dsa('H', HOUSING, { status: 'suspended' })].filter((a) => a.status === 'active'),
        HOUSING,
        meetingHeld,
      ).allowed,
    ).toBe(false);
  });

  it('being a party opens no read of the record: reads still need conditions that hold', () => {
    const view = { subjectId: 's', facts, record: { subject: { names: [] } } };
    expect(decideRecord([dsa('H', HOUSING)], HOUSING, view)).toBeNull();
  });
});
