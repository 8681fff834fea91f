import { normaliseNamePart } from '../../canonical/name-key';
import { editDistance } from './edit-distance';
import { jaroWinkler } from './jaro-winkler';
import { levelWeight, type ComparisonName, type Level } from './match-model';
import { areForenameVariants, areSurnameVariants, isListedForename, isListedSurname } from './name-variants';
import { phoneticKey } from './phonetic-key';

/** One comparison's outcome: which level it reached, what that weighs, and what was compared. */
export interface Comparison {
  comparison: ComparisonName | 'twins';
  level: string;
  /** Bits (log2 of the likelihood ratio), rounded to 0.01. */
  weight: number;
  detail: string;
  /** The name both sides hold, for a term-frequency adjusted weight (SMITH agreeing says less than EGLINTON). */
  agreed?: string;
  /** The two names when they nearly agree, so the weight can be held to what the commoner name says exactly. */
  near?: [string, string];
}

/** Whether a name is a name in its own right (common in the data, or a known variant), not a slip. */
export type KnownName = (normalisedName: string) => boolean;

const round = (n: number) => Math.round(n * 100) / 100;

function comparison<C extends ComparisonName>(
  name: C,
  level: Level<C>,
  detail: string,
  agreed?: string,
  near?: [string, string],
): Comparison {
  return {
    comparison: name,
    level: level as string,
    weight: round(levelWeight(name, level)),
    detail,
    ...(agreed ? { agreed } : {}),
    ...(near ? { near } : {}),
  };
}

/** Name parts split on spaces and hyphens, normalised (O'Brien-Smith -> OBRIEN, SMITH). */
export function nameTokens(value: string): string[] {
  return value
    .split(/[\s-]+/)
    .map(normaliseNamePart)
    .filter((t) => t.length > 0);
}

const FUZZY_HIGH = 0.92;
const FUZZY_LOW = 0.85;

/**
 * One slip of the keyboard (edit distance 1). In a name of five letters or more a slip is
 * likelier than another name; in a short one (AMY / ANY, WIL / WIO) only when the two are not
 * both names in their own right (TOM / TIM are two people, which the twins rule must see).
 */
function oneSlipApart(a: string, b: string, known: KnownName): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter < 3 || editDistance(a, b) !== 1) return false;
  return !(known(a) && known(b));
}

/** Two different names in their own right (MARIA / MARIE): no typo tolerance, so the twins rule can see them. */
const distinctNames = (a: string, b: string, known: KnownName) => a !== b && known(a) && known(b);

const sorted = (xs: string[]) => [...xs].sort().join(' ');

/**
 * Forenames over all their parts: spacing and order do not count (ISAB ELLE / ISABELLE, MARY
 * ANN / MARYANN, JOHN MICHAEL / MICHAEL JOHN), nor does a middle name used alone. Typo
 * tolerance is scaled to length (see oneSlipApart). `known` says which spellings are names in
 * their own right (from the term-frequency table).
 */
export function compareForenames(a: string, b: string, known: KnownName = isListedForename): Comparison {
  const detail = `${a} / ${b}`;
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (!ta.length || !tb.length) return comparison('forename', 'DIFFERENT', detail);
  if (ta.join('') === tb.join('') || sorted(ta) === sorted(tb))
    return comparison('forename', 'EXACT', detail, ta.length === tb.length ? ta.join(' ') : ta.join(''));
  if (ta[0] === tb[0]) return comparison('forename', 'FIRST_EXACT', detail, undefined, [ta[0], tb[0]]);
  if (areForenameVariants(ta[0], tb[0])) return comparison('forename', 'VARIANT', detail, undefined, [ta[0], tb[0]]);
  // A middle name used as the first (John Michael / Michael).
  if (ta.some((x) => x.length > 1 && tb.includes(x))) return comparison('forename', 'MIDDLE_NAME', detail);
  // The first names, and the whole forenames run together (a split with a slip as well).
  const pairs: [string, string][] = [
    [ta[0], tb[0]],
    [ta.join(''), tb.join('')],
  ];
  const tolerant = pairs.filter(([x, y]) => !distinctNames(x, y, known));
  if (tolerant.some(([x, y]) => jaroWinkler(x, y) >= FUZZY_HIGH || oneSlipApart(x, y, known)))
    return comparison('forename', 'FUZZY_HIGH', detail, undefined, [ta[0], tb[0]]);
  const similarity = jaroWinkler(ta[0], tb[0]);
  if (phoneticKey(ta[0]) === phoneticKey(tb[0])) return comparison('forename', 'PHONETIC', detail);
  if ((ta[0].length === 1 || tb[0].length === 1) && ta[0][0] === tb[0][0])
    return comparison('forename', 'INITIAL', detail);
  if (similarity >= FUZZY_LOW) return comparison('forename', 'FUZZY_LOW', detail);
  return comparison('forename', 'DIFFERENT', detail);
}

export function compareSurnames(a: string, b: string, known: KnownName = isListedSurname): Comparison {
  const detail = `${a} / ${b}`;
  const na = normaliseNamePart(a);
  const nb = normaliseNamePart(b);
  if (!na || !nb) return comparison('surname', 'DIFFERENT', detail);
  if (na === nb) return comparison('surname', 'EXACT', detail, na);
  // Double-barrelled on one side only: Smith-Jones / Jones.
  const ta = nameTokens(a).filter((t) => t.length > 2);
  const tb = nameTokens(b).filter((t) => t.length > 2);
  if ((ta.length > 1 || tb.length > 1) && ta.some((t) => tb.includes(t)))
    return comparison('surname', 'PART', detail, undefined, [na, nb]);
  if (areSurnameVariants(na, nb)) return comparison('surname', 'VARIANT', detail, undefined, [na, nb]);
  const similarity = jaroWinkler(na, nb);
  // SHAH / SHAW are two families, not a slip.
  if (
    !distinctNames(na, nb, known) &&
    (similarity >= FUZZY_HIGH || (Math.min(na.length, nb.length) >= 4 && oneSlipApart(na, nb, known)))
  ) {
    return comparison('surname', 'FUZZY_HIGH', detail, undefined, [na, nb]);
  }
  if (phoneticKey(na) === phoneticKey(nb)) return comparison('surname', 'PHONETIC', detail, undefined, [na, nb]);
  if (similarity >= FUZZY_LOW) return comparison('surname', 'FUZZY_LOW', detail);
  return comparison('surname', 'DIFFERENT', detail);
}

/** Day and month swapped: 1986-02-11 / 1986-11-02. */
export function transposedDate(date: string): string | null {
  const [y, m, d] = date.split('-');
  if (m === d || Number(d) > 12) return null;
  return `${y}-${d}-${m}`;
}

/**
 * Two of year, month and day agree: a day or month given wrongly, or a year a few years out
 * (1986 / 1982). A year a generation apart is a parent or child, not a slip.
 */
function partlyAgree(a: string, b: string): boolean {
  const [ya, ma, dA] = a.split('-');
  const [yb, mb, dB] = b.split('-');
  if (ya === yb) return ma === mb || dA === dB;
  return ma === mb && dA === dB && Math.abs(Number(ya) - Number(yb)) <= 10;
}

export function compareDatesOfBirth(a: string, b: string): Comparison {
  const detail = `${a} / ${b}`;
  if (a === b) return comparison('dateOfBirth', 'EXACT', detail);
  if (transposedDate(a) === b) return comparison('dateOfBirth', 'TRANSPOSED', detail);
  const da = a.replace(/-/g, '');
  const db = b.replace(/-/g, '');
  let differing = 0;
  for (let i = 0; i < da.length; i++) if (da[i] !== db[i]) differing++;
  if (da.length === db.length && differing === 1) return comparison('dateOfBirth', 'ONE_DIGIT', detail);
  if (partlyAgree(a, b)) return comparison('dateOfBirth', 'PARTIAL', detail);
  return comparison('dateOfBirth', 'DIFFERENT', detail);
}

/** Null when either side is unknown: no evidence either way. */
export function compareSex(a: string | undefined, b: string | undefined): Comparison | null {
  if (!a || !b) return null;
  return comparison('sex', a === b ? 'SAME' : 'DIFFERENT', `${a} / ${b}`);
}

/** Outward code (LS11), and its area letters (LS). Postcodes come normalised, without the space. */
const outward = (p: string) => p.slice(0, -3);
const area = (p: string) => /^[A-Z]+/.exec(p)?.[0] ?? '';

export function comparePostcodes(a: string, b: string): Comparison {
  const detail = `${a} / ${b}`;
  if (a === b) return comparison('postcode', 'EXACT', detail);
  if (outward(a) === outward(b)) return comparison('postcode', 'DISTRICT', detail);
  if (area(a) === area(b)) return comparison('postcode', 'AREA', detail);
  return comparison('postcode', 'DIFFERENT', detail);
}
