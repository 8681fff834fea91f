import type { Order, Prohibition } from '../canonical/subject-record';
import { loadCountries } from './countries';
import { loadDeadlineRules } from './deadline-rules';
import { prohibitionInForce, travelConflicts } from './travel-conflicts';

const LAPSE_YEARS = loadDeadlineRules('config/reference').FOREIGN_TRAVEL_PROHIBITION_LAPSE.years!;
const provenance = { kind: 'COURT' as const, agency: 'court.x', messageId: 'm1', receivedAt: '2026-01-01T00:00:00Z' };

const travel = (over: Partial<Prohibition> = {}): Prohibition => ({
  code: 'FOREIGN_TRAVEL_PROHIBITED',
  text: 'Not to travel outside the United Kingdom',
  ...over,
});

function order(over: Partial<Order> = {}): Order {
  return {
    orderRef: 'SHPO-1',
    orderType: 'SHPO',
    status: 'ACTIVE',
    madeOn: '2026-03-02',
    duration: { indefinite: true },
    endDate: null,
    prohibitions: [travel()],
    passportSurrender: false,
    court: { code: 'C', name: 'C', level: 'CROWN' },
    provenance,
    ...over,
  };
}

describe('travelConflicts: a notified trip against the travel prohibitions of the orders', () => {
  it('reads the 5-year limit from the reference data', () => {
    expect(LAPSE_YEARS).toBe(5);
  });

  it('a whole-world prohibition (no countries listed) is broken by any destination', () => {
    const [conflict, ...more] = travelConflicts([order()], { destination: 'ES', departOn: '2026-12-20' }, LAPSE_YEARS);
    expect(more).toEqual([]);
    expect(conflict).toEqual({
      orderRef: 'SHPO-1',
      orderType: 'SHPO',
      prohibition: travel(),
      scope: 'WHOLE_WORLD',
      inForce: { from: '2026-03-02', to: '2031-03-01' }, // indefinite order: the statutory 5 years
    });
  });

  it('a prohibition listing * (as the court example does) covers the whole world too', () => {
    const star = order({ prohibitions: [travel({ countries: ['*'] })] });
    expect(travelConflicts([star], { destination: 'FR', departOn: '2026-12-20' }, LAPSE_YEARS)).toEqual([
      expect.objectContaining({ scope: 'WHOLE_WORLD' }),
    ]);
  });

  it('a prohibition listing countries is broken only by a trip to one of them', () => {
    const listed = order({ prohibitions: [travel({ countries: ['TH', 'KH', 'PH'] })] });
    expect(travelConflicts([listed], { destination: 'KH', departOn: '2026-12-20' }, LAPSE_YEARS)).toEqual([
      expect.objectContaining({
        scope: 'COUNTRY',
        prohibition: expect.objectContaining({ countries: ['TH', 'KH', 'PH'] }),
      }),
    ]);
    expect(travelConflicts([listed], { destination: 'ES', departOn: '2026-12-20' }, LAPSE_YEARS)).toEqual([]);
  });

  it('other prohibitions (contact, exclusion zones) never conflict with travel', () => {
    const other = order({ prohibitions: [{ code: 'NO_UNSUPERVISED_CONTACT_CHILDREN', text: 'No contact' }] });
    expect(travelConflicts([other], { destination: 'ES', departOn: '2026-12-20' }, LAPSE_YEARS)).toEqual([]);
  });

  describe('the days the prohibition is in force', () => {
    const until = order({ prohibitions: [travel({ until: '2027-06-30' })] });

    it('a trip that leaves on the last day of the prohibition conflicts', () => {
      expect(
        travelConflicts([until], { destination: 'ES', departOn: '2027-06-30', returnOn: '2027-07-07' }, LAPSE_YEARS),
      ).toHaveLength(1);
    });

    it('a trip that leaves the day after the prohibition ends does not', () => {
      expect(
        travelConflicts([until], { destination: 'ES', departOn: '2027-07-01', returnOn: '2027-07-07' }, LAPSE_YEARS),
      ).toEqual([]);
    });

    it('a trip that is abroad on the day the order is made conflicts (it overlaps the start of the window)', () => {
      const later = order({ madeOn: '2027-01-10' });
      expect(
        travelConflicts([later], { destination: 'ES', departOn: '2027-01-05', returnOn: '2027-01-10' }, LAPSE_YEARS),
      ).toHaveLength(1);
      expect(
        travelConflicts([later], { destination: 'ES', departOn: '2027-01-05', returnOn: '2027-01-09' }, LAPSE_YEARS),
      ).toEqual([]);
    });

    it('a trip with no return date runs on, so it meets a prohibition that starts after departure', () => {
      const later = order({ madeOn: '2027-01-10' });
      expect(travelConflicts([later], { destination: 'ES', departOn: '2027-01-05' }, LAPSE_YEARS)).toHaveLength(1);
    });

    it('a prohibition past its 5 years, not renewed, has lapsed', () => {
      const old = order({ madeOn: '2020-03-02' });
      expect(prohibitionInForce(old, travel(), LAPSE_YEARS)).toEqual({ from: '2020-03-02', to: '2025-03-01' });
      expect(travelConflicts([old], { destination: 'ES', departOn: '2026-12-20' }, LAPSE_YEARS)).toEqual([]);
    });

    it('a variation renews the 5 years from the day it was varied', () => {
      const renewed = order({ madeOn: '2020-03-02', variedOn: '2024-05-01' });
      expect(prohibitionInForce(renewed, travel(), LAPSE_YEARS)).toEqual({ from: '2024-05-01', to: '2029-04-30' });
      expect(travelConflicts([renewed], { destination: 'ES', departOn: '2026-12-20' }, LAPSE_YEARS)).toHaveLength(1);
    });

    it('the order ending first ends the prohibition with it', () => {
      const short = order({ duration: { years: 2 }, endDate: '2028-03-01' });
      expect(prohibitionInForce(short, travel(), LAPSE_YEARS).to).toBe('2028-03-01');
      expect(travelConflicts([short], { destination: 'ES', departOn: '2028-03-02' }, LAPSE_YEARS)).toEqual([]);
    });
  });

  it('a discharged order prohibits nothing', () => {
    const discharged = order({ status: 'DISCHARGED', dischargedOn: '2026-09-01', endDate: '2026-09-01' });
    expect(travelConflicts([discharged], { destination: 'ES', departOn: '2026-12-20' }, LAPSE_YEARS)).toEqual([]);
  });

  it('names every prohibition a trip breaks, across orders', () => {
    const two = [
      order(),
      order({ orderRef: 'SRO-2', orderType: 'SRO', prohibitions: [travel({ countries: ['ES'] })] }),
    ];
    expect(
      travelConflicts(two, { destination: 'ES', departOn: '2026-12-20' }, LAPSE_YEARS).map((c) => c.orderRef),
    ).toEqual(['SHPO-1', 'SRO-2']);
  });
});

describe('loadCountries: the ISO 3166 reference table', () => {
  const countries = loadCountries('config/reference');

  it('holds the alpha-2 codes with their names', () => {
    expect(countries.get('ES')).toBe('Spain');
    expect(countries.get('GB')).toBe('United Kingdom');
    expect(countries.size).toBeGreaterThanOrEqual(249);
  });

  it('does not hold codes ISO never assigned', () => {
    expect(countries.has('ZZ')).toBe(false);
    expect(countries.has('UK')).toBe(false); // the United Kingdom is GB
  });
});
