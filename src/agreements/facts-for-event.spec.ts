import { factsForEvent } from './facts-for-event';

describe('factsForEvent', () => {
  const ended = { areas: ['WYP'], mappaCategory: null, hasActiveRegistration: false };

  it('judges the end of a registration as the subject stood while registered', () => {
    expect(factsForEvent(ended, 'registration.ended')).toEqual({
      areas: ['WYP'],
      mappaCategory: null,
      hasActiveRegistration: true,
    });
  });

  it('judges every other event on the record as it stands', () => {
    for (const type of ['registration.changed', 'order.discharged', 'risk.assessed', 'subject.details.changed'])
      expect(factsForEvent(ended, type)).toBe(ended);
  });

  it('keeps a MAPPA category the record holds', () => {
    expect(
      factsForEvent({ areas: [], mappaCategory: 2, hasActiveRegistration: false }, 'registration.ended').mappaCategory,
    ).toBe(2);
  });
});
