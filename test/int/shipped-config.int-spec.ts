import { loadEnvironment } from '../../config/environment';
import { AgreementRegistry } from '../../src/agreements/agreement-registry';
import { AgencyRegistry } from '../../src/auth/agency-registry';

/** The demo configuration docker compose runs must load, and mean what its comments say. */
describe('the shipped demo configuration', () => {
  const env = loadEnvironment({ HUB_DEMO: 'true', HUB_ALLOW_INSECURE_WEBHOOKS: 'false' });

  it('loads every agency and agreement', () => {
    const agencies = new AgencyRegistry(env).all().map((a) => a.id);
    expect(agencies).toEqual(
      expect.arrayContaining([
        'court.leeds-crown',
        'police.west-yorkshire',
        'probation.yorkshire',
        'hmpo',
        'dtc.leeds-city-housing',
        'hub.operators',
        'mappa.west-yorkshire',
        'prison.hmp-leeds',
      ]),
    );
    const agreements = new AgreementRegistry(env).all();
    expect(agreements.map((a) => a.id).sort()).toEqual([
      'DSA-2026-014',
      'DSA-2026-015',
      'DSA-2026-016',
      'DSA-2026-017',
      'DSA-2026-019',
      'DSA-2026-020',
    ]);
  });

  it('lets police and probation hear what the offender notified, and a travel conflict within 4 hours', () => {
    const registry = new AgreementRegistry(env);
    const mappa = registry.find('DSA-2026-014')!;
    expect(mappa.recipients).toEqual(['police.west-yorkshire', 'probation.yorkshire']);
    expect(mappa.eventTypes).toEqual(expect.arrayContaining(['notification.received', 'subject.identity.changed']));
    expect(mappa.fields).toContain('notification');
    const travel = registry.find('DSA-2026-017')!;
    expect(travel).toMatchObject({
      recipients: ['police.west-yorkshire', 'probation.yorkshire'],
      eventTypes: ['alert.travel.conflict'],
      ackWithin: 'PT4H',
    });
    expect(travel.fields).toContain('alert.travel');
  });

  it('gives the housing provider scoped alerts only, never notification data', () => {
    const housing = new AgreementRegistry(env).find('DSA-2026-016')!;
    expect(housing).toMatchObject({ eventTypes: ['alert.issued'], excludeProvenance: ['NOTIFICATION'] });
    expect(housing.fields).not.toContain('subject.address');
  });

  it('sends MAPPA minutes to the housing provider only as an attendee or owner, without identifiers', () => {
    const mappa = new AgreementRegistry(env).find('DSA-2026-020')!;
    expect(mappa.fields).toEqual([
      'subject.names',
      'subject.dateOfBirth',
      'mappa.meetings',
      'mappa.actions',
      'deadline',
    ]);
    // Category 2 or 3 only: a registered offender (category 1) reaches it through attendance alone.
    expect(mappa.conditions.mappaCategories).toEqual([2, 3]);
    expect(new AgencyRegistry(env).find('mappa.west-yorkshire')).toMatchObject({ kind: 'MAPPA_UNIT', areas: ['WYP'] });
  });
});
