import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  areasOfPostcode,
  loadResponsibilityReference,
  POSTCODE_AREAS_FILE,
} from '../../src/responsibility/responsibility-reference';

/**
 * scripts/load-postcode-areas.mjs run with node on a small ONSPD-shaped CSV
 * (test/fixtures/onspd-sample.csv), its output read back with the hub's own loader:
 *   LS1, LS10, M1  clean (LS1 also has a terminated postcode)
 *   HG3            split: 3 live NYP, 1 live WYP, and 3 terminated WYP that would win if counted
 *   M60            terminated postcodes only
 *   CA1            a PFA (E23000002, Cumbria) the shipped mapping does not have
 */
const script = join('scripts', 'load-postcode-areas.mjs');
const fixture = join('test', 'fixtures', 'onspd-sample.csv');

describe('scripts/load-postcode-areas.mjs', () => {
  let dir: string;
  let stdout: string;
  let stderr: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'postcode-areas-'));
    const run = spawnSync('node', [script, fixture, '--out', join(dir, POSTCODE_AREAS_FILE)], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    stdout = run.stdout;
    stderr = run.stderr;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a districts map the hub loads, one entry per district with its force and region', () => {
    const reference = loadResponsibilityReference(dir);
    expect(Object.fromEntries(reference.districts)).toEqual({
      LS1: { force: 'WYP', probationRegion: 'WYP' },
      LS10: { force: 'WYP', probationRegion: 'WYP' },
      M1: { force: 'GMP', probationRegion: 'GMP' },
      HG3: { force: 'NYP', probationRegion: 'NYP' },
    });
    expect(areasOfPostcode(reference, 'LS10 1AA')).toEqual(['WYP']);
    expect(areasOfPostcode(reference, 'HG3 3AA')).toEqual(['NYP']);
  });

  it('decides a split district by the majority of its live postcodes and reports the split', () => {
    expect(stderr).toContain('split district HG3: NYP 3, WYP 1 of 4 live postcodes; NYP taken');
    expect(stdout).toContain('split districts: 1');
  });

  it('skips terminated postcodes: a district with only terminated postcodes is not written', () => {
    expect(stdout).toContain('postcodes read: 17');
    expect(stdout).toContain('skipped terminated: 6');
    expect(loadResponsibilityReference(dir).districts.has('M60')).toBe(false);
  });

  it('reports an unknown PFA code and does not place its district', () => {
    expect(stdout).toContain('unknown PFA codes: 1 (E23000002)');
    expect(stderr).toContain('unknown PFA code E23000002: 2 live postcodes');
    expect(loadResponsibilityReference(dir).districts.has('CA1')).toBe(false);
    expect(stdout).toContain('districts written: 4');
  });

  it('keeps the header comment and the probation providers of the shipped file', () => {
    const written = readFileSync(join(dir, POSTCODE_AREAS_FILE), 'utf8');
    const shipped = readFileSync(join('config', 'reference', POSTCODE_AREAS_FILE), 'utf8');
    const header = (text: string) => text.slice(0, text.indexOf('\ndistricts:'));
    expect(header(written)).toBe(header(shipped));
    expect(Object.fromEntries(loadResponsibilityReference(dir).probationProviders)).toEqual(
      Object.fromEntries(loadResponsibilityReference('config/reference').probationProviders),
    );
    // Sorted: the area's letters, then the district's number (LS1 before LS10 before M1).
    const keys = Object.keys((parse(written) as { districts: object }).districts);
    expect(keys).toEqual(['HG3', 'LS1', 'LS10', 'M1']);
  });

  it('applies districtOverrides from the mapping file over the majority', () => {
    const mapping = join(dir, 'mapping.yaml');
    const shippedMapping = readFileSync(join('config', 'reference', 'police-force-areas.yaml'), 'utf8');
    writeFileSync(
      mapping,
      shippedMapping.replace(
        /^districtOverrides: \{\}$/m,
        'districtOverrides:\n  HG3: { force: WYP, probationRegion: WYP }',
      ),
    );
    const out = mkdtempSync(join(tmpdir(), 'postcode-areas-'));
    try {
      execFileSync('node', [script, fixture, '--mapping', mapping, '--out', join(out, POSTCODE_AREAS_FILE)], {
        stdio: 'pipe',
      });
      expect(loadResponsibilityReference(out).districts.get('HG3')).toEqual({ force: 'WYP', probationRegion: 'WYP' });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('--dry-run prints the counts and writes nothing', () => {
    const out = join(dir, 'dry', POSTCODE_AREAS_FILE);
    const printed = execFileSync('node', [script, fixture, '--dry-run', '--out', out], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(printed).toContain('districts written: 4');
    expect(printed).toContain('dry run: nothing written');
    expect(() => readFileSync(out)).toThrow();
  });
});
