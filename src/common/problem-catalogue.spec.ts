import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProblemException, RequestValidationException } from './problem';
import { PROBLEM_CATALOGUE, PROBLEM_CODES, problemSlug, problemType } from './problem-catalogue';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const sources = ['src', 'adapters'].flatMap((d) => sourceFiles(d)).map((f) => ({ f, text: readFileSync(f, 'utf8') }));

describe('the problem catalogue', () => {
  it('holds every code the hub throws, and no problem is thrown by a status literal', () => {
    const thrown = new Set<string>();
    for (const { text } of sources) {
      for (const m of text.matchAll(/ProblemException\(\s*'([A-Z0-9_]+)'/g)) thrown.add(m[1]);
      expect(text).not.toMatch(/new ProblemException\(\s*\d/);
    }
    expect(thrown.size).toBeGreaterThan(30);
    expect([...thrown].filter((code) => !(code in PROBLEM_CATALOGUE))).toEqual([]);
  });

  it('gives each code its own page and an error status (301: a merged subject is found elsewhere)', () => {
    const slugs = PROBLEM_CODES.map(problemSlug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const code of PROBLEM_CODES) {
      const { status, title, means, todo } = PROBLEM_CATALOGUE[code];
      expect(status === 301 || (status >= 400 && status < 600)).toBe(true);
      expect([title, means, todo].every((t) => t.length > 0)).toBe(true);
    }
  });

  it('renders a thrown problem with its catalogue status, title and type, keeping errors as given', () => {
    const errors = [{ path: 'defendant.dateOfBirth', message: 'must be a date YYYY-MM-DD' }];
    expect(new RequestValidationException(errors).document()).toEqual({
      type: '/docs/problems/validation-failed',
      title: PROBLEM_CATALOGUE.VALIDATION_FAILED.title,
      status: 422,
      detail: '1 field(s) failed validation',
      errors,
    });
    const moved = new ProblemException('SUBJECT_MERGED', 'read it there', undefined, {
      headers: { location: '/v1/subjects/x' },
      subjectId: 'x',
    });
    expect(moved.getStatus()).toBe(301);
    expect(moved.document()).toEqual({
      type: problemType('SUBJECT_MERGED'),
      title: PROBLEM_CATALOGUE.SUBJECT_MERGED.title,
      status: 301,
      detail: 'read it there',
      subjectId: 'x',
    });
  });
});
