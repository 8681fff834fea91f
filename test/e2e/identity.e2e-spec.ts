import request from 'supertest';
import { courtExample, probationExample } from '../kit/examples';
import { postCourtOutcome, postInbound } from '../kit/http';
import { startTestHub, type TestHub } from '../kit/test-hub';
import { fieldsNamed } from '../kit/problems';

/** A PNC update about whoever `nominal` names (NOMINAL_UPDATED unless said otherwise). */
function pncUpdate(updateId: string, nominal: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    schemaVersion: '1.0',
    updateId,
    updateType: 'NOMINAL_UPDATED',
    recordedAt: '2026-11-05T09:00:00Z',
    force: 'WYP',
    nominal: { sex: 'F', ...nominal },
    ...extra,
  };
}

/** A probation MAPPA message about `person` (a variation of the contract's example). */
function probationAbout(eventId: string, person: Record<string, unknown>) {
  return { ...probationExample('mappa-changed'), eventId, person };
}

/** A court conviction for someone with no police identifiers, from another court's system. */
function courtConvictionWithoutIds(messageId: string, defendant: Record<string, unknown>) {
  const m = courtExample('hearing-resulted-shpo');
  return {
    ...m,
    messageId,
    case: { urn: `URN-${messageId}`, hearingDate: '2026-10-14' },
    defendant: { courtDefendantId: `D-${messageId}`, sex: 'F', ...defendant },
    orders: [],
  };
}

describe('identity across sources: one person, whichever agency names them', () => {
  let hub: TestHub;
  let smith: string;
  const SMITH = { name: { forenames: 'John Michael', surname: 'Smith' }, dateOfBirth: '1986-02-28' };

  const reviews = async () =>
    (
      await request(hub.url)
        .get('/v1/admin/identity/reviews')
        .set('authorization', `Bearer ${await hub.token('hub.operators')}`)
    ).body.items as {
      subjectId: string;
      candidateSubjectIds: string[];
      reason: string;
    }[];
  const lookup = async (identifier: string) =>
    request(hub.url)
      .get(`/v1/subjects?identifier=${encodeURIComponent(identifier)}`)
      .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`)
      .set('x-justification', 'Identity check before a home visit');

  beforeAll(async () => {
    hub = await startTestHub();
    const res = await postCourtOutcome(hub, 'court.leeds-crown', courtExample('hearing-resulted-shpo'));
    expect(res.status).toBe(202);
    smith = res.body.subjectIds[0];
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('links probation by a PNC id written in the short form, lower case, with spaces', async () => {
    const res = await postInbound(
      hub,
      'probation',
      'probation.yorkshire',
      probationAbout('ID-1', { ...SMITH, crn: 'x123456', nomsNumber: 'a1234bc', pncId: ' 04 / 123456b' }),
    );
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([smith]);
    const { rows } = await hub.db.query(
      `SELECT scheme, value FROM subject_identifiers WHERE subject_id = $1 ORDER BY scheme`,
      [smith],
    );
    // Stored normalised, so every later spelling meets the same key.
    expect(rows).toEqual(
      expect.arrayContaining([
        { scheme: 'PNC', value: '2004/0123456B' },
        { scheme: 'CRN', value: 'X123456' },
        { scheme: 'NOMS', value: 'A1234BC' },
      ]),
    );
  });

  it('links by CRN alone (probation always sends one)', async () => {
    const byCrn = await postInbound(
      hub,
      'probation',
      'probation.yorkshire',
      probationAbout('ID-2', { ...SMITH, crn: 'X123456' }),
    );
    expect(byCrn.body.subjectIds).toEqual([smith]);
    const { rows } = await hub.db.query(`SELECT data->'link' AS link FROM events WHERE inbound_message_id = $1`, [
      byCrn.body.messageId,
    ]);
    expect(rows.every((r: { link: { basis: string } }) => r.link.basis === 'IDENTIFIER')).toBe(true);
  });

  it('links a police nominal by its PNC id, and a notified passport then finds the subject too', async () => {
    const res = await postInbound(
      hub,
      'pnc',
      'police.west-yorkshire',
      pncUpdate(
        'PNC-ID-1',
        {
          pncId: '2004/0123456b',
          names: [{ forenames: 'John Michael', surname: 'SMITH', type: 'PRIMARY' }],
          dateOfBirth: '1986-02-28',
          sex: 'M',
        },
        {
          updateType: 'NOTIFICATION_RECEIVED',
          notification: {
            kind: 'CHANGE_OF_DETAILS',
            receivedOn: '2026-11-05',
            details: { passports: [{ number: '12 345 6789', issuingCountry: 'GBR' }] },
          },
        },
      ),
    );
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([smith]);
    for (const spelling of [
      'PASSPORT:123456789',
      'PASSPORT:12-345-6789',
      'PNC:04/123456b',
      'CRN:x123456',
      'NOMS:A1234BC',
      'CRO:123456/04l',
    ]) {
      const found = await lookup(spelling);
      expect({ spelling, status: found.status, id: found.body.subjects?.[0]?.subjectId }).toEqual({
        spelling,
        status: 200,
        id: smith,
      });
    }
  });

  it('links by exact name and date of birth when exactly one subject has them', async () => {
    const res = await postCourtOutcome(
      hub,
      'court.leeds-magistrates',
      courtConvictionWithoutIds('NAMEDOB-1', {
        name: { forenames: 'JOHN  MICHAEL', surname: 'smith' },
        dateOfBirth: '1986-02-28',
        sex: 'M',
      }),
    );
    expect(res.status).toBe(202);
    expect(res.body.subjectIds).toEqual([smith]);
    const { rows } = await hub.db.query(
      `SELECT DISTINCT data->'link'->>'basis' AS basis FROM events WHERE inbound_message_id = $1`,
      [res.body.messageId],
    );
    expect(rows).toEqual([{ basis: 'NAME_AND_DATE_OF_BIRTH' }]);
  });

  describe('never merges on a guess', () => {
    let maryOne: string;
    let maryTwo: string;
    const MARY = { forenames: 'Mary', surname: 'JONES', type: 'PRIMARY' };

    it('same name and date of birth but a different PNC id: a new subject, listed for review', async () => {
      maryOne = (
        await postInbound(
          hub,
          'pnc',
          'police.west-yorkshire',
          pncUpdate('PNC-MARY-1', { pncId: '2010/1111111F', names: [MARY], dateOfBirth: '1990-05-05' }),
        )
      ).body.subjectIds[0];
      const res = await postInbound(
        hub,
        'pnc',
        'police.west-yorkshire',
        pncUpdate('PNC-MARY-2', { pncId: '2011/2222222A', names: [MARY], dateOfBirth: '1990-05-05' }),
      );
      expect(res.status).toBe(202);
      maryTwo = res.body.subjectIds[0];
      expect(maryTwo).not.toBe(maryOne);
      expect(await reviews()).toContainEqual(
        expect.objectContaining({
          subjectId: maryTwo,
          candidateSubjectIds: [maryOne],
          reason: 'the one subject with this name and date of birth holds a different PNC',
        }),
      );
    });

    it('a name and date of birth that two subjects share links to neither', async () => {
      const res = await postCourtOutcome(
        hub,
        'court.leeds-magistrates',
        courtConvictionWithoutIds('MARY-COURT', {
          name: { forenames: 'Mary', surname: 'Jones' },
          dateOfBirth: '1990-05-05',
        }),
      );
      expect(res.status).toBe(202);
      const [created] = res.body.subjectIds;
      expect([maryOne, maryTwo, smith]).not.toContain(created);
      const review = (await reviews()).find((r) => r.subjectId === created)!;
      expect(review).toMatchObject({ reason: 'several subjects share this name and date of birth' });
      expect(review.candidateSubjectIds.sort()).toEqual([maryOne, maryTwo].sort());
    });

    it('identifiers that point at two different subjects merge neither', async () => {
      const res = await postInbound(
        hub,
        'probation',
        'probation.yorkshire',
        probationAbout('ID-CLASH', { ...SMITH, crn: 'X123456', pncId: '2010/1111111F' }),
      );
      expect(res.status).toBe(202);
      const [created] = res.body.subjectIds;
      expect([smith, maryOne]).not.toContain(created);
      const review = (await reviews()).find((r) => r.subjectId === created)!;
      expect(review.reason).toBe('identifiers point at different subjects (PNC, CRN)');
      expect(review.candidateSubjectIds.sort()).toEqual([smith, maryOne].sort());
      // The identifiers stay with the subjects that held them first.
      expect((await lookup('CRN:X123456')).body.subjects[0].subjectId).toBe(smith);
    });

    it('the review list is for operators only', async () => {
      const res = await request(hub.url)
        .get('/v1/admin/identity/reviews')
        .set('authorization', `Bearer ${await hub.token('police.west-yorkshire')}`);
      expect(res.status).toBe(403);
      const bad = await request(hub.url)
        .get('/v1/admin/identity/reviews?limit=0')
        .set('authorization', `Bearer ${await hub.token('hub.operators')}`);
      expect(bad.status).toBe(400);
    });
  });

  it('refuses a malformed identifier on lookup, and in a message names the field', async () => {
    expect((await lookup('CRN:12345')).status).toBe(400);
    const res = await postInbound(
      hub,
      'probation',
      'probation.yorkshire',
      probationAbout('ID-BAD', { ...SMITH, crn: 'XY12345', nomsNumber: 'A123BC', pncId: '2004/0123456X' }),
    );
    expect(res.status).toBe(422);
    expect(fieldsNamed(res.body).sort()).toEqual(['person.crn', 'person.nomsNumber', 'person.pncId']);
  });
});
