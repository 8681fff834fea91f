import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadEnvironment } from '../../../config/environment';
import { AgencyRegistry } from '../../../src/auth/agency-registry';
import { PrisonAdapter } from '../../inbound/prison/prison.adapter';
import { demoReception, demoReleaseDateSet, DEMO_ESTABLISHMENT, DEMO_PRISONER } from './demo-custody';

// The prison simulator posts a valid reception and release date about the demo subject, and
// compose runs it once the court examples (which create that subject) are in.

const adapter = new PrisonAdapter();
const now = new Date('2026-12-04T10:00:00Z');

describe('the prison simulator', () => {
  it('builds a reception the prison adapter accepts, naming the demo subject by NOMS number and PNC id', () => {
    const reception = demoReception(now);
    const result = adapter.parse(reception);
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
    expect(result.sourceMessageId).toBe(reception.eventId);
    expect(result.commands).toEqual([
      expect.objectContaining({
        kind: 'RECORD_PRISON_UPDATE',
        establishment: DEMO_ESTABLISHMENT,
        person: expect.objectContaining({
          forenames: 'John Michael',
          surname: 'Smith',
          dateOfBirth: '1986-02-28',
          identifiers: [
            { scheme: 'PNC', value: '2004/0123456B' },
            { scheme: 'NOMS', value: 'A1234BC' },
          ],
        }),
        change: { type: 'RECEPTION', receivedOn: '2026-12-04', reason: 'SENTENCED' },
      }),
    ]);
  });

  it('builds a release date set the adapter accepts: on licence into WYP, weeks after the reception', () => {
    const release = demoReleaseDateSet(now);
    const result = adapter.parse(release);
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
    expect(release.person).toEqual(DEMO_PRISONER);
    const [command] = result.commands;
    expect(command).toMatchObject({
      kind: 'RECORD_PRISON_UPDATE',
      change: { type: 'RELEASE_DATE_SET', expectedOn: '2027-01-15', releaseType: 'LICENCE', releaseArea: 'WYP' },
    });
    const expectedOn = (command as { change: { expectedOn: string } }).change.expectedOn;
    const receivedOn = (demoReception(now).custody as { receivedOn: string }).receivedOn;
    expect(expectedOn > now.toISOString().slice(0, 10)).toBe(true);
    expect(expectedOn > receivedOn).toBe(true);
  });

  it('gives each message its own event id', () => {
    expect(demoReception(now).eventId).not.toEqual(demoReception(now).eventId);
    expect(demoReception(now).eventId).not.toEqual(demoReleaseDateSet(now).eventId);
  });

  it('is a compose service that runs the compiled simulator as the demo prison, after the demo posts', () => {
    const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, any> };
    const prison = compose.services['prison'];
    expect(prison.command).toEqual(['node', 'dist/adapters/simulators/prison/main.js']);
    expect(prison.environment).toMatchObject({
      AGENCY_ID: 'prison.hmp-leeds',
      PRIVATE_JWK_FILE: '/app/config/demo/keys/prison.hmp-leeds.private.jwk.json',
      HUB_URL: 'http://hub:3000',
      HUB_AUDIENCE: 'information-sharing-hub',
    });
    expect(prison.volumes).toEqual(['./config/demo/keys:/app/config/demo/keys:ro']);
    expect(prison.depends_on).toEqual({ demo: { condition: 'service_completed_successfully' } });
    expect(prison.restart).toBe('no');
    // Its agency is a demo prison in the demo area that the demo hub loads, allowed to post.
    const agency = new AgencyRegistry(loadEnvironment({ HUB_DEMO: 'true' })).find('prison.hmp-leeds');
    expect(agency).toMatchObject({ kind: 'PRISON', areas: ['WYP'], scopes: expect.arrayContaining(['inbound:write']) });
    // The private key it signs with is the pair of the public key the hub trusts for it.
    const privateKid = JSON.parse(readFileSync('config/demo/keys/prison.hmp-leeds.private.jwk.json', 'utf8')).kid;
    const publicKids = JSON.parse(readFileSync('config/demo/jwks/prison.hmp-leeds.jwks.json', 'utf8')).keys.map(
      (k: { kid: string }) => k.kid,
    );
    expect(publicKids).toEqual([privateKid]);
  });
});
