import {
  PROBLEM_CATALOGUE,
  PROBLEM_CODES,
  PROBLEM_DOCS_PATH,
  problemSlug,
  type ProblemCode,
} from '../common/problem-catalogue';
import { escape, page } from './html-page';

// The human pages behind every problem `type`, written from the catalogue: what it means, what to do.

export function problemCodeOfSlug(slug: string): ProblemCode | undefined {
  return PROBLEM_CODES.find((code) => problemSlug(code) === slug);
}

export function problemPage(code: ProblemCode): string {
  const p = PROBLEM_CATALOGUE[code];
  return page(
    p.title,
    `<main>
<p><a href="${PROBLEM_DOCS_PATH}">Problems the hub answers with</a></p>
<h1>${escape(p.title)}</h1>
<dl>
<dt>Code</dt><dd><code>${escape(code)}</code></dd>
<dt>Status</dt><dd>${escape(p.status)}</dd>
</dl>
<h2>What it means</h2>
<p>${escape(p.means)}</p>
<h2>What to do</h2>
<p>${escape(p.todo)}</p>
</main>`,
  );
}

export function problemIndexPage(): string {
  const rows = PROBLEM_CODES.map((code) => {
    const p = PROBLEM_CATALOGUE[code];
    return `<tr><td><a href="${PROBLEM_DOCS_PATH}/${problemSlug(code)}">${escape(code)}</a></td><td>${escape(p.status)}</td><td>${escape(p.title)}</td></tr>`;
  });
  return page(
    'Problems the hub answers with',
    `<main>
<h1>Problems the hub answers with</h1>
<p>Every error is <code>application/problem+json</code> (RFC 9457); its <code>type</code> names one of these pages.</p>
<table>
<thead><tr><th scope="col">Code</th><th scope="col">Status</th><th scope="col">Title</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</main>`,
  );
}
