/**
 * Court outcome messages for the bulk import's tests and bench: `count` hearings about
 * `people` defendants (so about count/people hearings each, as a court's history has), each
 * person with a stable defendant id, name, date of birth and address, every hearing its own
 * message id and offence; one in `orderEvery` makes an SHPO (with its own order ref). A
 * deterministic generator, so a run can be repeated exactly.
 */
const FORENAMES = [
  'John',
  'Michael',
  'David',
  'Paul',
  'Mark',
  'James',
  'Andrew',
  'Peter',
  'Steven',
  'Robert',
  'Daniel',
  'Gary',
  'Lee',
  'Craig',
  'Thomas',
  'Ryan',
  'Adam',
  'Kevin',
  'Scott',
  'Wayne',
];
const SURNAMES = [
  'SMITH',
  'JONES',
  'TAYLOR',
  'BROWN',
  'WILLIAMS',
  'WILSON',
  'JOHNSON',
  'DAVIES',
  'ROBINSON',
  'WRIGHT',
  'THOMPSON',
  'EVANS',
  'WALKER',
  'WHITE',
  'ROBERTS',
  'GREEN',
  'HALL',
  'WOOD',
  'JACKSON',
  'CLARKE',
  'PATEL',
  'KHAN',
  'LEWIS',
  'HARRIS',
  'MARTIN',
  'COOPER',
  'KING',
  'LEE',
  'BAKER',
  'HARRISON',
  'MORGAN',
  'ALLEN',
  'JAMES',
  'SCOTT',
  'PHILLIPS',
  'WATSON',
  'DAVIS',
  'PARKER',
  'PRICE',
  'BENNETT',
  'YOUNG',
  'GRIFFITHS',
  'MITCHELL',
  'KELLY',
  'COOK',
  'CARTER',
  'RICHARDSON',
  'BAILEY',
  'COLLINS',
  'BELL',
];

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export interface CourtCorpusOptions {
  count: number;
  people: number;
  orderEvery?: number;
  seed?: number;
  /** Prefixes message ids, defendant ids and order refs, so two corpora never collide. */
  tag?: string;
}

export function* courtOutcomeCorpus(o: CourtCorpusOptions): Generator<Record<string, unknown>> {
  const rnd = random(o.seed ?? 19);
  const tag = o.tag ?? 'BULK';
  const orderEvery = o.orderEvery ?? 5;
  for (let i = 0; i < o.count; i++) {
    // The first `people` hearings introduce everyone once; later ones return to someone already known.
    const p = i < o.people ? i : Math.floor(rnd() * o.people);
    const who = random(p * 7919 + 1);
    const forenames = `${FORENAMES[Math.floor(who() * FORENAMES.length)]} ${FORENAMES[Math.floor(who() * FORENAMES.length)]}`;
    const surname = `${SURNAMES[Math.floor(who() * SURNAMES.length)]}${p % 7 === 0 ? '' : `-${SURNAMES[Math.floor(who() * SURNAMES.length)]}`}`;
    const born = 1950 + Math.floor(who() * 40);
    const dob = `${born}-${pad(1 + Math.floor(who() * 12))}-${pad(1 + Math.floor(who() * 28))}`;
    const postcode = `LS${1 + Math.floor(who() * 28)} ${1 + Math.floor(who() * 9)}${'ABDEFGHJLNPQRSTUWXYZ'[Math.floor(who() * 20)]}${'ABDEFGHJLNPQRSTUWXYZ'[Math.floor(who() * 20)]}`;
    // Convicted as an adult, by 2025.
    const year = Math.max(2000, born + 18) + Math.floor(rnd() * (2026 - Math.max(2000, born + 18)));
    const day = `${year}-${pad(1 + Math.floor(rnd() * 12))}-${pad(1 + Math.floor(rnd() * 28))}`;
    const withOrder = orderEvery > 0 && i % orderEvery === orderEvery - 1;
    yield {
      schemaVersion: '1.0',
      messageType: 'HEARING_RESULTED',
      messageId: `${tag}-${pad(i, 8)}`,
      sentAt: `${day}T16:00:00Z`,
      court: { code: 'C2301', name: 'Leeds Crown Court', level: 'CROWN' },
      case: { urn: `${tag}URN${pad(i, 8)}`, hearingDate: day },
      defendant: {
        courtDefendantId: `${tag}-D-${p}`,
        name: { forenames, surname },
        dateOfBirth: dob,
        sex: 'M',
        address: { line1: `${1 + (p % 200)} Example Street`, town: 'Leeds', postcode },
        nationality: 'GB',
      },
      offences: [
        {
          sequence: 1,
          offenceCode: 'SX03014',
          wording: 'Sexual assault',
          legislation: 'Sexual Offences Act 2003 s.3',
          offenceDate: day,
          plea: 'GUILTY',
          finding: 'GUILTY',
          convictionDate: day,
          notificationCertificate: true,
        },
      ],
      sentence: { sentenceDate: day, disposal: 'COMMUNITY_ORDER' },
      ...(withOrder
        ? {
            orders: [
              {
                orderRef: `${tag}-SHPO-${pad(i, 8)}`,
                orderType: 'SHPO',
                madeOn: day,
                duration: { indefinite: true },
                prohibitions: [
                  { code: 'NO_UNSUPERVISED_CONTACT_CHILDREN', text: 'No unsupervised contact with children.' },
                ],
              },
            ],
          }
        : {}),
    };
  }
}
