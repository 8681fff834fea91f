import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { CourtOutcomeDto } from './court-outcome.dto';
import { crossFieldErrors } from './court-outcome.rules';

// Rules of court-outcomes.md that span fields or depend on the message type, and the hub's own
// consistency rules between dates; each names the one field to fix.

const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(join(process.cwd(), 'adapters', 'inbound', 'court-outcomes', 'fixtures', name), 'utf8'));

function paths(edit: (m: Record<string, any>) => void, base = 'hearing-resulted-shpo.json'): string[] {
  const message = fixture(base);
  edit(message);
  return crossFieldErrors(message as CourtOutcomeDto).map((e) => e.path);
}

describe('valid messages', () => {
  it.each(['hearing-resulted-shpo.json', 'hearing-resulted-juvenile-community.json', 'order-discharged.json'])(
    '%s breaks no rule',
    (name) => {
      expect(paths(() => undefined, name)).toEqual([]);
    },
  );
});

describe('an unknown messageType', () => {
  it.each(['hearing-resulted-shpo.json', 'order-discharged.json'])(
    'adds no rule of another type to %s (the type itself is named by the field checks)',
    (name) => {
      expect(paths((m) => (m.messageType = 'HEARING_POSTPONED'), name)).toEqual([]);
    },
  );
});

describe('HEARING_RESULTED', () => {
  it('needs at least one offence', () => {
    expect(paths((m) => delete m.offences)).toEqual(['offences']);
  });

  it('needs a sentence after a guilty finding', () => {
    expect(paths((m) => delete m.sentence)).toEqual(['sentence']);
  });

  it('does not need a sentence when sentencing is adjourned', () => {
    expect(
      paths((m) => {
        delete m.sentence;
        m.sentencingAdjourned = true;
      }),
    ).toEqual([]);
  });

  it('cannot both give a sentence and say sentencing is adjourned', () => {
    expect(paths((m) => (m.sentencingAdjourned = true))).toEqual(['sentencingAdjourned']);
  });

  it('does not need a sentence when nobody was found guilty', () => {
    expect(
      paths((m) => {
        m.offences[0].finding = 'NOT_GUILTY';
        delete m.offences[0].convictionDate;
        delete m.sentence;
      }),
    ).toEqual([]);
  });

  it('refuses life imprisonment with a custodial term as well', () => {
    expect(
      paths(
        (m) =>
          (m.sentence = { sentenceDate: '2026-10-14', disposal: 'IMPRISONMENT', life: true, custodialTermMonths: 36 }),
      ),
    ).toEqual(['sentence.custodialTermMonths']);
  });

  it('refuses variedOn on an order made at the hearing', () => {
    expect(paths((m) => (m.orders[0].variedOn = '2026-10-14'))).toEqual(['orders[0].variedOn']);
  });

  it('refuses dischargedOn on an order made at the hearing', () => {
    expect(paths((m) => (m.orders[0].dischargedOn = '2026-10-14'))).toEqual(['orders[0].dischargedOn']);
  });
});

describe('offences', () => {
  it('a conviction date before the offence date is refused at the conviction date', () => {
    expect(paths((m) => (m.offences[0].convictionDate = '2025-05-31'))).toEqual(['offences[0].convictionDate']);
  });

  it('a conviction on the offence date is accepted', () => {
    expect(paths((m) => (m.offences[0].convictionDate = '2025-06-01'))).toEqual([]);
  });

  it('a repeated sequence number is refused at its second use', () => {
    expect(paths((m) => m.offences.push({ ...m.offences[0] }))).toEqual(['offences[1].sequence']);
  });
});

describe('ORDER_VARIED and ORDER_DISCHARGED', () => {
  it('ORDER_DISCHARGED carries no sentence', () => {
    expect(
      paths((m) => (m.sentence = { sentenceDate: '2026-11-20', disposal: 'FINE' }), 'order-discharged.json'),
    ).toEqual(['sentence']);
  });

  it('carries exactly one order, not two', () => {
    expect(paths((m) => m.orders.push({ ...m.orders[0], orderRef: 'OTHER' }), 'order-discharged.json')).toEqual([
      'orders',
    ]);
  });

  it('ORDER_VARIED refuses dischargedOn and needs variedOn', () => {
    expect(paths((m) => (m.messageType = 'ORDER_VARIED'), 'order-discharged.json').sort()).toEqual([
      'orders[0].dischargedOn',
      'orders[0].variedOn',
    ]);
  });

  it('a discharge before the order was made is refused at dischargedOn', () => {
    expect(paths((m) => (m.orders[0].dischargedOn = '2026-10-13'), 'order-discharged.json')).toEqual([
      'orders[0].dischargedOn',
    ]);
  });

  it('a variation before the order was made is refused at variedOn', () => {
    const edit = (m: Record<string, any>) => {
      m.messageType = 'ORDER_VARIED';
      delete m.orders[0].dischargedOn;
      m.orders[0].variedOn = '2026-10-01';
    };
    expect(paths(edit, 'order-discharged.json')).toEqual(['orders[0].variedOn']);
  });
});

describe('orders', () => {
  it('an "until" before the order was made is refused at duration.until', () => {
    expect(paths((m) => (m.orders[0].duration = { until: '2026-10-13' }))).toEqual(['orders[0].duration.until']);
  });

  it('a repeated orderRef is refused at its second use', () => {
    expect(paths((m) => m.orders.push({ ...m.orders[0] }))).toEqual(['orders[1].orderRef']);
  });
});
