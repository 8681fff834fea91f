#!/usr/bin/env node
// Writes config/reference/postcode-areas.yaml (its `districts`) from the published postcode
// table: the ONS Postcode Directory (ONSPD) or the National Statistics Postcode Lookup (NSPL),
// a CSV with a header row and, among others, the columns `pcds` (the postcode with its space),
// `doterm` (the date it was terminated, empty while it is live) and `pfa` (its police force
// area, a GSS code such as E23000010). See docs/reference-data.md.
//
// Each PFA code is turned into the hub's force and probation region codes by a mapping file
// (default config/reference/police-force-areas.yaml). Live postcodes are grouped by district
// (the outward code): a district all in one force is one entry; a district split between
// forces takes the force of most of its postcodes and is printed as a warning with its counts.
// The mapping file's `districtOverrides` are written as listed, whatever the table says.
//
// Everything in the output file other than `districts` (its header comment, the
// `probationProviders`) is kept as it is; when --out does not exist yet, the shipped
// config/reference/postcode-areas.yaml is the template. The CSV is read line by line.
//
// Usage: node scripts/load-postcode-areas.mjs <ONSPD or NSPL .csv>
//          [--mapping config/reference/police-force-areas.yaml]
//          [--out config/reference/postcode-areas.yaml] [--dry-run]
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shippedFile = join(root, 'config', 'reference', 'postcode-areas.yaml');

// The keys the hub accepts (src/responsibility/responsibility-reference.ts).
const DISTRICT_KEY = /^[A-Z]{1,2}(\d[A-Z\d]?)?$/;
const AREA_CODE = /^[A-Z]{2,4}$/;

function usage(message) {
  if (message) console.error(`load-postcode-areas: ${message}`);
  console.error('Usage: node scripts/load-postcode-areas.mjs <onspd.csv> [--mapping FILE] [--out FILE] [--dry-run]');
  process.exit(2);
}

function parseArgs(argv) {
  const options = {
    mapping: join(root, 'config', 'reference', 'police-force-areas.yaml'),
    out: shippedFile,
    dryRun: false,
    csv: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--out' || arg === '--mapping') {
      if (!argv[i + 1]) usage(`${arg} needs a file`);
      options[arg.slice(2)] = resolve(argv[++i]);
    } else if (arg === '--help' || arg === '-h') usage();
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else if (options.csv) usage('one CSV file only');
    else options.csv = resolve(arg);
  }
  if (!options.csv) usage('the ONSPD / NSPL CSV file is missing');
  return options;
}

function checkAreas(file, field, value) {
  if (typeof value?.force !== 'string' || !AREA_CODE.test(value.force))
    throw new Error(`${file}: ${field}.force must be a police force code such as WYP`);
  if (typeof value?.probationRegion !== 'string' || !AREA_CODE.test(value.probationRegion))
    throw new Error(`${file}: ${field}.probationRegion must be a probation region code`);
  return { force: value.force, probationRegion: value.probationRegion };
}

function loadMapping(file) {
  const raw = parse(readFileSync(file, 'utf8')) ?? {};
  if (!raw.policeForceAreas || typeof raw.policeForceAreas !== 'object')
    throw new Error(`${file}: policeForceAreas must be a mapping of PFA codes`);
  const forces = new Map();
  for (const [code, value] of Object.entries(raw.policeForceAreas)) {
    if (!/^[EW]\d{8}$/.test(code)) throw new Error(`${file}: policeForceAreas.${code} is not a PFA GSS code`);
    forces.set(code, checkAreas(file, `policeForceAreas.${code}`, value));
  }
  const overrides = new Map();
  for (const [key, value] of Object.entries(raw.districtOverrides ?? {})) {
    if (!DISTRICT_KEY.test(key))
      throw new Error(`${file}: districtOverrides.${key} is not a postcode district or area`);
    overrides.set(key, checkAreas(file, `districtOverrides.${key}`, value));
  }
  return { forces, overrides };
}

/** One CSV record (RFC 4180 quoting; the ONSPD has no line breaks inside fields). */
function splitCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (fields.push(field), (field = ''));
    else field += c;
  }
  fields.push(field);
  return fields;
}

/** The outward code: LS1 4AP → LS1 (pcds has the space; without it, all but the last 3). */
function districtOf(postcode) {
  const p = postcode.trim().toUpperCase();
  const space = p.indexOf(' ');
  if (space > 0) return p.slice(0, space);
  const compact = p.replace(/\s+/g, '');
  return compact.length >= 5 ? compact.slice(0, -3) : '';
}

/** LS1, LS2, LS10 (not LS1, LS10, LS2); EC1A after EC1. */
function compareDistricts(a, b) {
  const split = (k) => {
    const m = /^([A-Z]+)(\d*)(.*)$/.exec(k);
    return [m[1], m[2] === '' ? -1 : Number(m[2]), m[3]];
  };
  const [la, na, sa] = split(a);
  const [lb, nb, sb] = split(b);
  return la.localeCompare(lb) || na - nb || sa.localeCompare(sb);
}

async function readTable(csvFile, forces) {
  const lines = createInterface({ input: createReadStream(csvFile, 'utf8'), crlfDelay: Infinity });
  let columns;
  const counts = { read: 0, terminated: 0, noDistrict: 0 };
  // district → (hub areas key, or `?<PFA>` when the PFA is not in the mapping) → postcodes
  const byDistrict = new Map();
  const unknownPfa = new Map();
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const fields = splitCsvLine(line);
    if (!columns) {
      const names = fields.map((f) =>
        f
          .replace(/^\uFEFF/, '')
          .trim()
          .toLowerCase(),
      );
      columns = { pcds: names.indexOf('pcds'), pfa: names.indexOf('pfa'), doterm: names.indexOf('doterm') };
      if (columns.pcds < 0 || columns.pfa < 0)
        throw new Error(`${csvFile}: the header has no pcds or no pfa column (is it the ONSPD or NSPL?)`);
      if (columns.doterm < 0)
        console.warn('warning: no doterm column: every postcode is taken as live (the NSPL/ONSPD have one)');
      continue;
    }
    counts.read++;
    if (columns.doterm >= 0 && (fields[columns.doterm] ?? '').trim() !== '') {
      counts.terminated++;
      continue;
    }
    const district = districtOf(fields[columns.pcds] ?? '');
    if (!DISTRICT_KEY.test(district)) {
      counts.noDistrict++;
      continue;
    }
    const pfa = (fields[columns.pfa] ?? '').trim() || '(none)';
    const areas = forces.get(pfa);
    let key;
    if (areas) key = `${areas.force}/${areas.probationRegion}`;
    else {
      key = `?${pfa}`;
      unknownPfa.set(pfa, (unknownPfa.get(pfa) ?? 0) + 1);
    }
    let tally = byDistrict.get(district);
    if (!tally) byDistrict.set(district, (tally = new Map()));
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  if (!columns) throw new Error(`${csvFile}: empty file`);
  return { counts, byDistrict, unknownPfa };
}

function decide(byDistrict, overrides) {
  const districts = new Map();
  const splits = [];
  const unplaced = [];
  for (const [district, tally] of byDistrict) {
    const ranked = [...tally].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const [winner, winnerCount] = ranked[0];
    const total = ranked.reduce((n, [, c]) => n + c, 0);
    if (ranked.length > 1) {
      const tie = ranked[1][1] === winnerCount;
      splits.push({ district, ranked, total, tie, overridden: overrides.has(district) });
    }
    if (winner.startsWith('?')) {
      if (!overrides.has(district)) unplaced.push({ district, pfa: winner.slice(1), count: winnerCount });
      continue;
    }
    const [force, probationRegion] = winner.split('/');
    districts.set(district, { force, probationRegion, split: ranked.length > 1 ? ranked : undefined });
  }
  for (const [key, areas] of overrides) districts.set(key, { ...areas, override: true });
  return { districts, splits, unplaced };
}

const label = (key) => (key.startsWith('?') ? `${key.slice(1)} (unknown PFA)` : key.split('/')[0]);

function renderDistricts(districts, source) {
  const lines = [
    'districts:',
    `  # generated by scripts/load-postcode-areas.mjs from ${source}; edit police-force-areas.yaml, not here`,
  ];
  for (const key of [...districts.keys()].sort(compareDistricts)) {
    const { force, probationRegion, split, override } = districts.get(key);
    let comment = '';
    if (override) comment = '   # districtOverrides';
    else if (split) comment = `   # split: ${split.map(([k, c]) => `${label(k)} ${c}`).join(', ')}`;
    lines.push(`  ${key}: { force: ${force}, probationRegion: ${probationRegion} }${comment}`);
  }
  return lines;
}

/** The template with its top-level `districts` block (the key and its indented lines) replaced. */
function spliceDistricts(template, districtLines, templateFile) {
  const lines = template.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^districts:\s*(#.*)?$/.test(l));
  if (start < 0) throw new Error(`${templateFile}: no top-level districts: to replace`);
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || /^\s/.test(lines[end]))) end++;
  // Blank lines at the end of the block belong between it and what follows.
  while (end > start + 1 && lines[end - 1] === '') end--;
  return [...lines.slice(0, start), ...districtLines, ...lines.slice(end)].join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { forces, overrides } = loadMapping(options.mapping);
  const { counts, byDistrict, unknownPfa } = await readTable(options.csv, forces);
  const { districts, splits, unplaced } = decide(byDistrict, overrides);

  for (const s of splits.sort((a, b) => compareDistricts(a.district, b.district))) {
    const parts = s.ranked.map(([k, c]) => `${label(k)} ${c}`).join(', ');
    const outcome = s.overridden
      ? 'districtOverrides decides'
      : `${label(s.ranked[0][0])} taken${s.tie ? ' (a tie: the first code alphabetically)' : ''}`;
    console.warn(`warning: split district ${s.district}: ${parts} of ${s.total} live postcodes; ${outcome}`);
  }
  for (const u of unplaced.sort((a, b) => compareDistricts(a.district, b.district)))
    console.warn(
      `warning: district ${u.district} not written: most of its postcodes are in ${u.pfa}, not in the mapping`,
    );
  for (const [pfa, n] of [...unknownPfa].sort())
    console.warn(`warning: unknown PFA code ${pfa}: ${n} live postcodes (add it to ${basename(options.mapping)})`);

  const summary = [
    `postcodes read: ${counts.read}`,
    `skipped terminated: ${counts.terminated}`,
    ...(counts.noDistrict ? [`skipped without a usable district: ${counts.noDistrict}`] : []),
    `districts written: ${districts.size}${overrides.size ? ` (${overrides.size} from districtOverrides)` : ''}`,
    `split districts: ${splits.length}`,
    `unknown PFA codes: ${unknownPfa.size}${unknownPfa.size ? ` (${[...unknownPfa.keys()].sort().join(', ')})` : ''}`,
    `districts not written (unknown PFA): ${unplaced.length}`,
  ];

  if (!options.dryRun) {
    if (districts.size === 0) throw new Error('no district could be placed: nothing written');
    const templateFile = existsSync(options.out) ? options.out : shippedFile;
    const template = readFileSync(templateFile, 'utf8');
    const text = spliceDistricts(template, renderDistricts(districts, basename(options.csv)), templateFile);
    const written = parse(text);
    const before = parse(template);
    for (const key of Object.keys(before ?? {}))
      if (key !== 'districts' && JSON.stringify(written[key]) !== JSON.stringify(before[key]))
        throw new Error(`${templateFile}: ${key} would not survive the rewrite; nothing written`);
    mkdirSync(dirname(options.out), { recursive: true });
    const temp = `${options.out}.${process.pid}.tmp`;
    writeFileSync(temp, text.endsWith('\n') ? text : `${text}\n`);
    renameSync(temp, options.out);
    summary.push(`written: ${options.out}`);
  } else summary.push('dry run: nothing written');
  console.log(summary.join('\n'));
}

main().catch((err) => {
  console.error(`load-postcode-areas: ${err.message}`);
  process.exit(1);
});
