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
      ]),
    );
    const agreements = new AgreementRegistry(env).all();
    expect(agreements.map((a) => a.id).sort()).toEqual([
      'DSA-2026-014',
      'DSA-2026-015',
      'DSA-2026-016',
      'DSA-2026-017',
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
});
