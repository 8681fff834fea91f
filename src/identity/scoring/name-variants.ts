import { normaliseNamePart } from '../../canonical/name-key';

/**
 * Names that are the same name for matching: common English diminutives and transliterations
 * from Arabic, Urdu, Slavic and other scripts. Each group's first spelling is its canonical
 * form. Short by design: the phonetic and edit-distance levels catch the rest.
 */
const FORENAME_GROUPS: string[][] = [
  ['MOHAMMED', 'MUHAMMAD', 'MOHAMMAD', 'MOHAMED', 'MUHAMMED', 'MOHAMAD', 'MUHAMAD', 'MOHAMMET', 'MEHMET', 'MO'],
  ['AHMED', 'AHMAD', 'AHMET', 'AHMAED'],
  ['YUSUF', 'YOUSEF', 'YOUSSEF', 'YOUSUF', 'JOSEF', 'YUSSUF'],
  ['ALEKSANDR', 'ALEXANDER', 'ALEKSANDER', 'OLEKSANDR', 'ALEX', 'SASHA', 'SANDY', 'ALEXANDRE'],
  ['MIKHAIL', 'MICHAEL', 'MIKE', 'MICK', 'MICKY', 'MIKEY', 'MICHAL', 'MYKHAILO'],
  ['DMITRI', 'DMITRY', 'DMITRIY', 'DIMITRI', 'DMYTRO'],
  ['SERGEI', 'SERGEY', 'SERHIY', 'SERGIU'],
  ['YURI', 'YURIY', 'IURII', 'YURIJ'],
  ['ANDREI', 'ANDREY', 'ANDRII', 'ANDREW', 'ANDY', 'DREW'],
  ['IVAN', 'IWAN', 'JAN'],
  ['OLGA', 'OLHA'],
  ['NATALIA', 'NATALYA', 'NATALIYA', 'NATALIE', 'NATASHA'],
  ['TATIANA', 'TATYANA', 'TETIANA'],
  ['YELENA', 'ELENA', 'OLENA', 'HELEN', 'HELENA'],
  ['HUSSAIN', 'HUSSEIN', 'HUSAIN', 'HOSSEIN'],
  ['HASSAN', 'HASAN'],
  ['ABDULLAH', 'ABDALLAH', 'ABDULA', 'ABDULLA'],
  ['FATIMA', 'FATIMAH', 'FATMA'],
  ['AISHA', 'AYESHA', 'AISHAH', 'AYSHA'],
  ['OSAMA', 'USAMA', 'OUSSAMA'],
  ['MUSTAFA', 'MUSTAPHA', 'MOSTAFA'],
  ['IBRAHIM', 'EBRAHIM', 'IBRAHEEM'],
  ['WILLIAM', 'BILL', 'BILLY', 'WILL', 'WILLIE', 'LIAM'],
  ['ROBERT', 'BOB', 'BOBBY', 'ROB', 'ROBBIE', 'BERT'],
  ['RICHARD', 'RICK', 'RICKY', 'DICK', 'RICH', 'RICHIE'],
  ['JAMES', 'JIM', 'JIMMY', 'JAMIE'],
  ['JOHN', 'JOHNNY', 'JACK', 'JON'],
  ['JONATHAN', 'JONNY', 'JON'],
  ['THOMAS', 'TOM', 'TOMMY'],
  ['EDWARD', 'ED', 'EDDIE', 'TED', 'NED'],
  ['CHRISTOPHER', 'CHRIS', 'KIT'],
  ['NICHOLAS', 'NICK', 'NICKY', 'NIKOLAI', 'MIKOLAJ'],
  ['ANTHONY', 'TONY', 'ANTONY', 'ANTONI'],
  ['JOSEPH', 'JOE', 'JOEY', 'JOSEF'],
  ['DANIEL', 'DAN', 'DANNY'],
  ['DAVID', 'DAVE', 'DAVY'],
  ['STEPHEN', 'STEVEN', 'STEVE', 'STEVIE'],
  ['PETER', 'PETE', 'PIOTR', 'PYOTR'],
  ['PATRICK', 'PAT', 'PADDY'],
  ['TIMOTHY', 'TIM'],
  ['SAMUEL', 'SAM', 'SAMMY'],
  ['BENJAMIN', 'BEN', 'BENNY'],
  ['MATTHEW', 'MATT', 'MATTY', 'MATEUSZ'],
  ['KENNETH', 'KEN', 'KENNY'],
  ['GEOFFREY', 'JEFFREY', 'GEOFF', 'JEFF'],
  ['ELIZABETH', 'LIZ', 'LIZZIE', 'BETH', 'BETTY', 'ELIZA', 'LISA'],
  ['MARGARET', 'MAGGIE', 'MEG', 'PEGGY', 'MARGO'],
  ['CATHERINE', 'KATHERINE', 'KATHRYN', 'CATHRYN', 'KATE', 'KATIE', 'CATHY', 'KATHY', 'KAT'],
  ['REBECCA', 'BECKY', 'BECCA'],
  ['JENNIFER', 'JENNY', 'JEN'],
  ['SUSAN', 'SUE', 'SUSIE', 'SUZANNE'],
  ['DEBORAH', 'DEBBIE', 'DEBRA', 'DEB'],
  ['PATRICIA', 'TRISH', 'PATSY', 'PATTY'],
  ['VICTORIA', 'VICKY', 'VIKKI', 'TORI'],
  ['ALEXANDRA', 'ALEKSANDRA', 'LEXI', 'ALEXA'],
  ['SAMANTHA', 'SAM', 'SAMMY'],
  ['SEAN', 'SHAUN', 'SHAWN', 'SEAN'],
  ['SIOBHAN', 'SHIVAUN', 'CHEVONNE'],
];

/** Surnames written several ways when transliterated. */
const SURNAME_GROUPS: string[][] = [
  ['MOHAMMED', 'MUHAMMAD', 'MOHAMMAD', 'MOHAMED', 'MUHAMMED'],
  ['HUSSAIN', 'HUSSEIN', 'HUSAIN', 'HOSSEIN'],
  ['AHMED', 'AHMAD'],
  ['ALI', 'ALY'],
  ['KHAN', 'KAHN'],
  ['CHAUDHRY', 'CHOUDHURY', 'CHOUDHARY', 'CHAUDHARY', 'CHOWDHURY'],
  ['IVANOV', 'IWANOW', 'IVANOFF'],
  ['KOVALENKO', 'KOWALENKO'],
  ['SHEVCHENKO', 'SZEWCZENKO', 'SCHEWTSCHENKO'],
  ['TCHAIKOVSKY', 'CHAIKOVSKY', 'TSCHAIKOWSKI'],
  ['NGUYEN', 'NGUYEN', 'NGUEN'],
  ['ZHANG', 'CHANG'],
];

function index(groups: string[][]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const group of groups) {
    for (const name of group) map.set(name, [...(map.get(name) ?? []), group[0]]);
  }
  return map;
}

const FORENAME_INDEX = index(FORENAME_GROUPS);
const SURNAME_INDEX = index(SURNAME_GROUPS);

/** A forename or surname one of the groups above lists: a name in its own right. */
export const isListedForename = (normalised: string): boolean => FORENAME_INDEX.has(normalised);
export const isListedSurname = (normalised: string): boolean => SURNAME_INDEX.has(normalised);

/** The canonical forms a forename belongs to (itself when it is in no group). */
export function forenameCanonicals(name: string): string[] {
  const n = normaliseNamePart(name);
  return FORENAME_INDEX.get(n) ?? [n];
}

export function surnameCanonicals(name: string): string[] {
  const n = normaliseNamePart(name);
  return SURNAME_INDEX.get(n) ?? [n];
}

/** Whether two forenames are known variants of one name (nickname or transliteration). */
export function areForenameVariants(a: string, b: string): boolean {
  const ca = forenameCanonicals(a);
  return forenameCanonicals(b).some((c) => ca.includes(c));
}

export function areSurnameVariants(a: string, b: string): boolean {
  const ca = surnameCanonicals(a);
  return surnameCanonicals(b).some((c) => ca.includes(c));
}
