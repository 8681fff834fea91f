import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { MappaAdapter } from '../../inbound/mappa/mappa.adapter';
import { demoMeeting, DEMO_SUBJECT } from './demo-meeting';

// The MAPPA-unit simulator posts a valid minute about the demo subject, and compose runs it
// once the court examples (which create that subject) are in.

describe('the MAPPA-unit simulator', () => {
  it('builds a meeting the mappa adapter accepts, naming the demo subject by PNC id', () => {
    const meeting = demoMeeting(new Date('2026-12-04T10:00:00Z'));
    const result = new MappaAdapter().parse(meeting, {
      agencyId: 'mappa.west-yorkshire',
      agencyAreas: ['WYP'],
      knownAgencies: new Set(['police.west-yorkshire', 'probation.yorkshire', 'dtc.leeds-city-housing']),
    });
    expect(result).toMatchObject({ ok: true });
    expect(meeting.person).toEqual(DEMO_SUBJECT);
    expect(meeting).toMatchObject({
      meeting: { heldOn: '2026-12-04', level: 2, actions: [{ dueOn: '2026-12-18' }, {}] },
    });
  });

  it('is a compose service that runs the compiled simulator as the demo MAPPA unit, after the demo posts', () => {
    const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, any> };
    const unit = compose.services['mappa-unit'];
    expect(unit.command).toEqual(['node', 'dist/adapters/simulators/mappa-unit/main.js']);
    expect(unit.environment).toMatchObject({
      AGENCY_ID: 'mappa.west-yorkshire',
      PRIVATE_JWK_FILE: '/app/config/demo/keys/mappa.west-yorkshire.private.jwk.json',
      HUB_URL: 'http://hub:3000',
    });
    expect(unit.volumes).toEqual(['./config/demo/keys:/app/config/demo/keys:ro']);
    expect(unit.depends_on).toEqual({ demo: { condition: 'service_completed_successfully' } });
    expect(unit.restart).toBe('no');
    // Its agency and key are among the demo parties the hub loads.
    readFileSync('config/demo/agencies/mappa.west-yorkshire.yaml', 'utf8');
    readFileSync('config/demo/keys/mappa.west-yorkshire.private.jwk.json', 'utf8');
  });
});
