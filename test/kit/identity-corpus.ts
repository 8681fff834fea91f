import type { MatchProfile } from '../../src/identity/scoring/match-profile';

/**
 * A synthetic corpus with known truth for identity matching (issue 8): people, then records
 * about them as different agencies would send them, with realistic variation (typos, day and
 * month swapped, one digit off, nicknames and transliterations, hyphens and apostrophes, married
 * names with the maiden name as an alias, moves, missing sex or postcode; exact repeats of an
 * earlier record, forenames split, run together or reordered, short forenames with one slip,
 * forename and surname swapped, a date of birth given wrongly), plus the hard cases: twins,
 * namesakes, a parent and child of the same name at one address, family at one address, and a
 * few true doppelgangers (same name and date of birth, different people). A fifth of surnames
 * are rare (made of syllables), so common and rare surnames weigh differently. Deterministic
 * for a seed; the error model and its rates are in `variant` below.
 */
export interface CorpusRecord {
  personId: number;
  /** How the record differs from the person's own details, for reading failures. */
  variation: string;
  profile: MatchProfile;
}

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MALE = [
  'JOHN',
  'MICHAEL',
  'DAVID',
  'JAMES',
  'ROBERT',
  'WILLIAM',
  'RICHARD',
  'THOMAS',
  'CHRISTOPHER',
  'DANIEL',
  'PAUL',
  'MARK',
  'ANDREW',
  'STEPHEN',
  'PETER',
  'JOSEPH',
  'MOHAMMED',
  'AHMED',
  'YUSUF',
  'ALEKSANDR',
  'DMITRI',
  'SERGEI',
  'IVAN',
  'HASSAN',
  'HUSSAIN',
  'IBRAHIM',
  'MUSTAFA',
  'GARY',
  'LEE',
  'CRAIG',
  'DEAN',
  'WAYNE',
  'KEVIN',
  'GRAHAM',
  'NEIL',
  'SIMON',
  'JASON',
  'MATTHEW',
  'BENJAMIN',
  'SAMUEL',
  'PATRICK',
  'SEAN',
  'CONNOR',
  'LIAM',
  'KIERAN',
  'OLIVER',
  'HARRY',
  'JACK',
  'CHARLIE',
  'GEORGE',
  'OSCAR',
  'ARJUN',
  'RAJESH',
  'SANJAY',
  'KWAME',
  'CHIDI',
  'TOMASZ',
  'PIOTR',
  'KRZYSZTOF',
  'MARIUS',
  'ANDREI',
  'ABDULLAH',
  'OSAMA',
  'TARIQ',
  'IMRAN',
  'ASIF',
  'BILAL',
  'DARREN',
  'ANTHONY',
  'KENNETH',
  'TIMOTHY',
  'NICHOLAS',
  'EDWARD',
  'JONATHAN',
  'GEOFFREY',
];
const FEMALE = [
  'MARY',
  'SARAH',
  'EMMA',
  'LISA',
  'KAREN',
  'SUSAN',
  'ELIZABETH',
  'MARGARET',
  'CATHERINE',
  'REBECCA',
  'JENNIFER',
  'DEBORAH',
  'PATRICIA',
  'VICTORIA',
  'ALEXANDRA',
  'SAMANTHA',
  'FATIMA',
  'AISHA',
  'NATALIA',
  'OLGA',
  'TATIANA',
  'YELENA',
  'SIOBHAN',
  'CHLOE',
  'AMY',
  'LAURA',
  'HANNAH',
  'JESSICA',
  'SOPHIE',
  'OLIVIA',
  'AMELIA',
  'ISLA',
  'GRACE',
  'RUBY',
  'PRIYA',
  'ANITA',
  'NKECHI',
  'AGNIESZKA',
  'KATARZYNA',
  'JOANNA',
  'ZAINAB',
  'MARIAM',
  'NADIA',
  'HELEN',
  'JULIE',
  'NICOLA',
  'DONNA',
  'TRACEY',
  'CLAIRE',
  'KELLY',
  'GEMMA',
  'STACEY',
  'LEANNE',
  'ZOE',
  'ANNA',
  'NINA',
  'EMILY',
  'ELLA',
  'MIA',
  'LUCY',
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
  'KHAN',
  'ALI',
  'AHMED',
  'HUSSAIN',
  'PATEL',
  'SHAH',
  'BEGUM',
  'MOHAMMED',
  'CHAUDHRY',
  'SINGH',
  'KAUR',
  "O'BRIEN",
  "O'CONNOR",
  "O'NEILL",
  'MCDONALD',
  'MACKENZIE',
  'SMITH-JONES',
  'LLOYD-WEBBER',
  'HAMILTON-SMYTH',
  'IVANOV',
  'KOVALENKO',
  'SHEVCHENKO',
  'NOWAK',
  'KOWALSKI',
  'WISNIEWSKI',
  'NGUYEN',
  'ZHANG',
  'OKAFOR',
  'ADEYEMI',
  'MENSAH',
  'MURPHY',
  'KELLY',
  'DOYLE',
  'HUGHES',
  'EDWARDS',
  'MORGAN',
  'PRICE',
  'GRIFFITHS',
  'OWEN',
  'LEWIS',
  'HARRIS',
  'MARTIN',
  'COOPER',
  'KING',
  'LEE',
  'BAKER',
  'HARRISON',
  'MORRIS',
  'CLARK',
  'TURNER',
  'HILL',
  'SCOTT',
  'WARD',
  'MOORE',
  'PARKER',
  'COLLINS',
  'BENNETT',
  'COOK',
  'BELL',
  'SHAW',
  'CHAPMAN',
  'MASON',
  'ELLIS',
  'RICHARDSON',
  'MARSHALL',
  'FOSTER',
  'WEBB',
  'ROGERS',
  'GRAY',
  'FLETCHER',
  'BAILEY',
  'HOLMES',
  'MILLS',
  'ATKINSON',
  'PEARSON',
  'STEVENS',
  'CARTER',
  'DIXON',
  'BUTLER',
  'HUNT',
  'BARNES',
  'KNIGHT',
  'ARMSTRONG',
  'FERGUSON',
  'MCCARTHY',
  'FITZGERALD',
  "D'SOUZA",
  'DE SOUZA',
  'VAN DER BERG',
  'ABDULLAH',
  'RAHMAN',
  'IQBAL',
  'MAHMOOD',
  'AKHTAR',
  'BIBI',
  'ISLAM',
  'MIAH',
  'UDDIN',
  'CHOWDHURY',
  'YILMAZ',
  'DEMIR',
  'POPESCU',
  'IONESCU',
  'NOVAK',
  'HORVAT',
  'SANTOS',
  'SILVA',
  'FERREIRA',
  'ROSSI',
  'RUSSO',
  'MULLER',
  'SCHMIDT',
  'KOWALCZYK',
  'LEWANDOWSKI',
  'DABROWSKI',
  'ZIELINSKI',
  'SZYMANSKI',
  'WOZNIAK',
  'KAMINSKI',
  'OLSEN',
  'HANSEN',
  'JENSEN',
  'NIELSEN',
  'PETROV',
  'SOKOLOV',
  'POPOV',
  'LEBEDEV',
  'KOZLOV',
  'NOVIKOV',
  'MOROZOV',
  'VOLKOV',
  'SOLOVYOV',
  'VASILIEV',
  'ZAITSEV',
  'PAVLOV',
  'SEMENOV',
  'GOLUBEV',
  'VINOGRADOV',
  'BOGDANOV',
  'VOROBYOV',
  'FEDOROV',
  'MIKHAILOV',
  'BELYAEV',
  'TARASOV',
  'BELOV',
];
/** Spellings of the same name an agency might use instead. */
const FORENAME_VARIANTS: Record<string, string[]> = {
  MOHAMMED: ['MUHAMMAD', 'MOHAMMAD', 'MOHAMED', 'MO'],
  AHMED: ['AHMAD'],
  YUSUF: ['YOUSEF', 'YOUSUF'],
  ALEKSANDR: ['ALEXANDER', 'ALEX', 'SASHA'],
  DMITRI: ['DMITRY', 'DMYTRO'],
  SERGEI: ['SERGEY'],
  HUSSAIN: ['HUSSEIN'],
  HASSAN: ['HASAN'],
  MICHAEL: ['MIKE', 'MICK'],
  WILLIAM: ['BILL', 'WILL'],
  ROBERT: ['BOB', 'ROB'],
  RICHARD: ['RICK', 'RICH'],
  JAMES: ['JIM', 'JAMIE'],
  THOMAS: ['TOM'],
  CHRISTOPHER: ['CHRIS'],
  DANIEL: ['DAN', 'DANNY'],
  DAVID: ['DAVE'],
  STEPHEN: ['STEVE', 'STEVEN'],
  PETER: ['PETE', 'PIOTR'],
  JOSEPH: ['JOE'],
  ANDREW: ['ANDY'],
  ELIZABETH: ['LIZ', 'BETH'],
  CATHERINE: ['KATHERINE', 'KATE', 'CATHY'],
  REBECCA: ['BECKY'],
  JENNIFER: ['JENNY'],
  SUSAN: ['SUE'],
  DEBORAH: ['DEBBIE'],
  NATALIA: ['NATALYA', 'NATASHA'],
  TATIANA: ['TATYANA'],
  YELENA: ['ELENA'],
  AISHA: ['AYESHA'],
  FATIMA: ['FATIMAH'],
  SAMANTHA: ['SAM'],
  VICTORIA: ['VICKY'],
  MARGARET: ['MAGGIE'],
  ABDULLAH: ['ABDULLA'],
  OSAMA: ['USAMA'],
  MUSTAFA: ['MUSTAPHA'],
  IBRAHIM: ['EBRAHIM'],
  SEAN: ['SHAUN', 'SHAWN'],
  BENJAMIN: ['BEN'],
  SAMUEL: ['SAM'],
  MATTHEW: ['MATT'],
  ANTHONY: ['TONY'],
  KENNETH: ['KEN'],
  NICHOLAS: ['NICK'],
  EDWARD: ['ED', 'TED'],
  JONATHAN: ['JON'],
  TIMOTHY: ['TIM'],
  GEOFFREY: ['JEFFREY', 'GEOFF'],
};
const SURNAME_VARIANTS: Record<string, string[]> = {
  MOHAMMED: ['MUHAMMAD', 'MOHAMED'],
  HUSSAIN: ['HUSSEIN', 'HUSAIN'],
  AHMED: ['AHMAD'],
  CHAUDHRY: ['CHOUDHURY', 'CHAUDHARY'],
  CHOWDHURY: ['CHOUDHURY'],
  IVANOV: ['IWANOW'],
  KOVALENKO: ['KOWALENKO'],
  SHEVCHENKO: ['SZEWCZENKO'],
  "O'BRIEN": ['OBRIEN', 'O BRIEN'],
  "O'CONNOR": ['OCONNOR', "O'CONNER"],
  "O'NEILL": ['ONEILL', "O'NEIL"],
  'SMITH-JONES': ['SMITH JONES', 'JONES', 'SMITH'],
  'LLOYD-WEBBER': ['LLOYD WEBBER', 'WEBBER'],
  'HAMILTON-SMYTH': ['HAMILTON SMYTH', 'HAMILTON'],
  "D'SOUZA": ['DSOUZA', 'DE SOUZA'],
  'DE SOUZA': ['DESOUZA', "D'SOUZA"],
  'VAN DER BERG': ['VANDERBERG', 'VAN DEN BERG'],
  MCDONALD: ['MACDONALD'],
  MACKENZIE: ['MCKENZIE'],
  SOLOVYOV: ['SOLOVIEV'],
  VOROBYOV: ['VOROBIEV'],
  VASILIEV: ['VASILYEV'],
  ZAITSEV: ['ZAYTSEV'],
};
const SYLLABLES_START = [
  'EG',
  'BR',
  'CAR',
  'DUN',
  'FAR',
  'GLAD',
  'HAL',
  'KIN',
  'LOCK',
  'MOR',
  'PEN',
  'RAV',
  'STAN',
  'TRE',
  'WIN',
  'ASH',
  'BLAK',
  'CROM',
  'DRAY',
  'FEN',
];
const SYLLABLES_MIDDLE = ['LIN', 'AD', 'ER', 'OW', 'ING', 'AM', 'ELL', 'IS', 'OB', 'UR'];
const SYLLABLES_END = ['TON', 'LEY', 'WORTH', 'FORD', 'HAM', 'BY', 'STONE', 'FIELD', 'WICK', 'SHAW', 'DALE', 'MORE'];
const AREAS = [
  'LS',
  'BD',
  'HX',
  'WF',
  'HD',
  'S',
  'M',
  'B',
  'E',
  'N',
  'SE',
  'NW',
  'L',
  'NE',
  'CF',
  'BS',
  'NG',
  'LE',
  'CV',
  'YO',
];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

interface Person {
  id: number;
  forename: string;
  middle?: string;
  surname: string;
  dob: string;
  sex: 'M' | 'F';
  postcode: string;
}

export function generateIdentityCorpus(options: { records: number; seed: number }): CorpusRecord[] {
  const rnd = seededRandom(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  // Zipf-like: a few surnames are very common, so namesakes happen as they do in life.
  // A fifth of people carry a rare surname (EGLINTON, not SMITH), made of syllables.
  const rareSurname = () => `${pick(SYLLABLES_START)}${pick(SYLLABLES_MIDDLE)}${pick(SYLLABLES_END)}`;
  const zipfSurname = () =>
    rnd() < 0.2 ? rareSurname() : SURNAMES[Math.min(SURNAMES.length - 1, Math.floor(SURNAMES.length * rnd() ** 2.2))];
  const pad = (n: number) => String(n).padStart(2, '0');
  const randomDob = () =>
    `${1945 + Math.floor(rnd() * 62)}-${pad(1 + Math.floor(rnd() * 12))}-${pad(1 + Math.floor(rnd() * 28))}`;
  const district = (a: string) => `${a}${1 + Math.floor(rnd() * 20)}`;
  const unit = () => `${Math.floor(rnd() * 10)}${pick([...LETTERS])}${pick([...LETTERS])}`;
  const randomPostcode = () => `${district(pick(AREAS))} ${unit()}`;
  const forenameFor = (sex: 'M' | 'F') => pick(sex === 'M' ? MALE : FEMALE);

  const people: Person[] = [];
  const newPerson = (p: Omit<Person, 'id'>): Person => {
    const person = { ...p, id: people.length };
    people.push(person);
    return person;
  };
  const randomPerson = (): Person => {
    const sex = rnd() < 0.5 ? 'M' : 'F';
    return newPerson({
      forename: forenameFor(sex),
      ...(rnd() < 0.4 ? { middle: forenameFor(sex) } : {}),
      surname: zipfSurname(),
      dob: randomDob(),
      sex,
      postcode: randomPostcode(),
    });
  };

  const records: CorpusRecord[] = [];
  const hardCases: CorpusRecord[] = [];
  const as = (
    person: Person,
    variation: string,
    over: Partial<{
      forenames: string;
      surname: string;
      dob: string;
      sex: 'M' | 'F' | undefined;
      postcode: string | undefined;
      aliases: { forenames: string; surname: string }[];
    }> = {},
  ): CorpusRecord => {
    const forenames = over.forenames ?? [person.forename, person.middle].filter(Boolean).join(' ');
    const postcode = 'postcode' in over ? over.postcode : person.postcode;
    const sex = 'sex' in over ? over.sex : person.sex;
    return {
      personId: person.id,
      variation,
      profile: {
        names: [{ forenames, surname: over.surname ?? person.surname }, ...(over.aliases ?? [])],
        datesOfBirth: [over.dob ?? person.dob],
        ...(sex ? { sex } : {}),
        postcodes: postcode ? [postcode.replace(/\s/g, '')] : [],
        identifiers: [],
      },
    };
  };
  const typo = (s: string): string => {
    const letters = s.replace(/[^A-Z]/g, '');
    if (letters.length < 4) return s;
    const i = 1 + Math.floor(rnd() * (s.length - 2));
    const kind = rnd();
    if (kind < 0.35) return s.slice(0, i) + pick([...'ABCDEFGHIJKLMNOPRSTUVWY']) + s.slice(i + 1); // substitution
    if (kind < 0.6) return s.slice(0, i) + s.slice(i + 1); // deletion
    if (kind < 0.8) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2); // adjacent swap
    return s.slice(0, i) + s[i] + s.slice(i); // doubled letter
  };
  const oneDigitOff = (dob: string): string => {
    for (let tries = 0; tries < 20; tries++) {
      const digits = dob.replace(/-/g, '').split('');
      const i = 2 + Math.floor(rnd() * 6);
      digits[i] = String((Number(digits[i]) + 1 + Math.floor(rnd() * 9)) % 10);
      const candidate = `${digits.slice(0, 4).join('')}-${digits.slice(4, 6).join('')}-${digits.slice(6).join('')}`;
      const [y, m, d] = candidate.split('-').map(Number);
      if (m >= 1 && m <= 12 && d >= 1 && d <= 28 && y >= 1900 && y <= 2010 && candidate !== dob) return candidate;
    }
    return dob;
  };
  const transposed = (dob: string) => {
    const [y, m, d] = dob.split('-');
    return Number(d) <= 12 && d !== m ? `${y}-${d}-${m}` : null;
  };

  /** Two forenames run together, or one split where a clerk paused (ISABELLE / ISAB ELLE). */
  const splitOrJoined = (p: Person): string => {
    if (p.middle && rnd() < 0.5) return `${p.forename}${p.middle}`;
    const cut = 2 + Math.floor(rnd() * Math.max(1, p.forename.length - 3));
    return [`${p.forename.slice(0, cut)} ${p.forename.slice(cut)}`, p.middle].filter(Boolean).join(' ');
  };
  /** One slip in a short forename (AMY / ANY, WIL / WIO): substitution of a later letter. */
  const shortTypo = (s: string): string => {
    const i = 1 + Math.floor(rnd() * (s.length - 1));
    let c = pick([...'ABCDEFGHIJKLMNOPRSTUVWY']);
    while (c === s[i]) c = pick([...'ABCDEFGHIJKLMNOPRSTUVWY']);
    return s.slice(0, i) + c + s.slice(i + 1);
  };
  /** A date of birth given wrongly beyond a swap or one digit: one part wrong, or another date altogether. */
  const changedDob = (dob: string): string => {
    const [y, m, d] = dob.split('-').map(Number);
    const r = rnd();
    let next = dob;
    for (let tries = 0; next === dob && tries < 20; tries++) {
      if (r < 0.35) next = `${y}-${pad(m)}-${pad(1 + Math.floor(rnd() * 28))}`;
      else if (r < 0.55) next = `${y}-${pad(1 + Math.floor(rnd() * 12))}-${pad(d)}`;
      else if (r < 0.8) next = `${y + (rnd() < 0.5 ? -1 : 1) * (2 + Math.floor(rnd() * 8))}-${pad(m)}-${pad(d)}`;
      else next = randomDob();
    }
    return next;
  };

  /**
   * Error model: one record about a known person, as another agency's system might hold it.
   * Rates are per further record (the first record is the person's own details); see
   * docs/adr/0300-identity-weights-from-data.md for where they come from.
   */
  const variant = (p: Person, earlier: CorpusRecord[]): CorpusRecord => {
    const r = rnd();
    const full = [p.forename, p.middle].filter(Boolean).join(' ');
    if (r < 0.3)
      return as(p, 'same details', {
        sex: rnd() < 0.15 ? undefined : p.sex,
        postcode: rnd() < 0.3 ? undefined : p.postcode,
      });
    if (r < 0.36 && earlier.length) return { ...pick(earlier), variation: 'exact repeat of an earlier record' };
    if (r < 0.41) return as(p, 'surname typo', { surname: typo(p.surname) });
    if (r < 0.45) return as(p, 'forename typo', { forenames: typo(p.forename) });
    if (r < 0.5 && FORENAME_VARIANTS[p.forename])
      return as(p, 'nickname or transliteration', { forenames: pick(FORENAME_VARIANTS[p.forename]) });
    if (r < 0.53 && SURNAME_VARIANTS[p.surname])
      return as(p, 'surname spelling variant', { surname: pick(SURNAME_VARIANTS[p.surname]) });
    if (r < 0.56 && transposed(p.dob)) return as(p, 'day and month swapped', { dob: transposed(p.dob)! });
    if (r < 0.6) return as(p, 'date of birth one digit off', { dob: oneDigitOff(p.dob) });
    if (r < 0.63) return as(p, 'date of birth changed', { dob: changedDob(p.dob) });
    if (r < 0.69)
      return as(p, 'moved', { postcode: rnd() < 0.5 ? randomPostcode() : `${p.postcode.split(' ')[0]} ${unit()}` });
    if (r < 0.72 && p.middle) return as(p, 'middle name only', { forenames: p.middle });
    if (r < 0.75) return as(p, 'first name only', { forenames: p.forename });
    if (r < 0.78) return as(p, 'forenames split or run together', { forenames: splitOrJoined(p) });
    if (r < 0.8 && p.middle) return as(p, 'forenames reordered', { forenames: `${p.middle} ${p.forename}` });
    if (r < 0.83 && p.forename.length <= 4)
      return as(p, 'short forename typo', { forenames: [shortTypo(p.forename), p.middle].filter(Boolean).join(' ') });
    if (r < 0.86) return as(p, 'forename and surname swapped', { forenames: p.surname, surname: full });
    if (r < 0.9 && p.sex === 'F') {
      const married = zipfSurname();
      return as(p, 'married name, maiden name as alias', {
        surname: married,
        aliases: rnd() < 0.7 ? [{ forenames: full, surname: p.surname }] : [],
      });
    }
    return as(p, 'typo and moved', { surname: typo(p.surname), postcode: randomPostcode() });
  };

  // Roughly 2.5 records per person; a few hard cases per hundred people.
  while (records.length + hardCases.length < options.records) {
    const p = randomPerson();
    const own = [as(p, 'first record')];
    const more = Math.floor(rnd() * 3.2);
    for (let i = 0; i < more; i++) own.push(variant(p, own));
    records.push(...own);
    const hard = rnd();
    if (hard < 0.03) {
      // A twin: same surname, date of birth and address, a different forename.
      const sex = rnd() < 0.5 ? p.sex : p.sex === 'M' ? 'F' : 'M';
      // Parents do not give one twin the other's first or middle name.
      let forename = forenameFor(sex);
      while (forename === p.forename || forename === p.middle) forename = forenameFor(sex);
      const twin = newPerson({ forename, surname: p.surname, dob: p.dob, sex, postcode: p.postcode });
      hardCases.push(as(twin, 'twin'));
      if (rnd() < 0.5) hardCases.push(variant(twin, []));
    } else if (hard < 0.06) {
      // Family at the same address: same surname and postcode, another generation.
      const sex = rnd() < 0.5 ? 'M' : 'F';
      const relative = newPerson({
        forename: forenameFor(sex),
        surname: p.surname,
        dob: randomDob(),
        sex,
        postcode: p.postcode,
      });
      hardCases.push(as(relative, 'relative at the same address'));
    } else if (hard < 0.075) {
      // Father and son (or mother and daughter) with the same name at one address, a generation apart.
      const [y, m, d] = p.dob.split('-').map(Number);
      const dob = `${y > 1980 ? y - 20 - Math.floor(rnd() * 15) : y + 20 + Math.floor(rnd() * 15)}-${pad(1 + Math.floor(rnd() * 12))}-${pad(1 + Math.floor(rnd() * 28))}`;
      const parent = newPerson({
        forename: p.forename,
        ...(rnd() < 0.5 && p.middle ? { middle: p.middle } : {}),
        surname: p.surname,
        dob: dob === p.dob ? `${y - 25}-${pad(m)}-${pad(d)}` : dob,
        sex: p.sex,
        postcode: p.postcode,
      });
      hardCases.push(as(parent, 'parent or child of the same name'));
      if (rnd() < 0.5) hardCases.push(variant(parent, []));
    } else if (hard < 0.1) {
      // A namesake: the same name, a different person born on a nearby date or the same day.
      const dob = rnd() < 0.5 ? oneDigitOff(p.dob) : randomDob();
      const namesake = newPerson({
        forename: p.forename,
        middle: p.middle,
        surname: p.surname,
        dob,
        sex: p.sex,
        postcode: randomPostcode(),
      });
      hardCases.push(as(namesake, 'namesake'));
    } else if (hard < 0.11) {
      // Born the same day, different names (very common in a large population).
      let forename = forenameFor(p.sex);
      while (forename === p.forename) forename = forenameFor(p.sex);
      const other = newPerson({
        forename,
        surname: zipfSurname(),
        dob: p.dob,
        sex: p.sex,
        postcode: rnd() < 0.05 ? p.postcode : randomPostcode(),
      });
      hardCases.push(as(other, 'same date of birth'));
    } else if (hard < 0.1105) {
      // A true doppelganger: same name and date of birth, a different person (rare in life).
      const sex = rnd() < 0.5 ? p.sex : p.sex === 'M' ? 'F' : 'M';
      const twinName = newPerson({
        forename: p.forename,
        middle: p.middle,
        surname: p.surname,
        dob: p.dob,
        sex,
        postcode: randomPostcode(),
      });
      hardCases.push(as(twinName, 'doppelganger'));
    }
  }
  const all = [...records, ...hardCases].slice(0, options.records);
  // Arrival order is random (Fisher-Yates): any of a person's records may be the first the hub sees.
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

/**
 * The corpus as CSV, as a public record-linkage set is shipped (identity:train reads it):
 * person_id is the known truth, which the trainer ignores.
 */
export function corpusAsCsv(corpus: CorpusRecord[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = corpus.map((r) => {
    const [name, ...aliases] = r.profile.names;
    const alias = aliases[0];
    return [
      String(r.personId),
      name.forenames,
      name.surname,
      r.profile.datesOfBirth[0],
      r.profile.sex ?? '',
      r.profile.postcodes[0] ?? '',
      alias?.forenames ?? '',
      alias?.surname ?? '',
    ]
      .map(quote)
      .join(',');
  });
  return (
    ['person_id,forenames,surname,date_of_birth,sex,postcode,alias_forenames,alias_surname', ...lines].join('\n') + '\n'
  );
}
