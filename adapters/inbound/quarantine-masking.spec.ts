import 'reflect-metadata';
import './court-outcomes/court-outcome.dto';
import './passport-watchlist/watchlist-hit.dto';
import { maskMessageBody, maskProblem, maskText } from '../../src/common/quarantine-masking';

const PERSONAL = ['Zoë', 'Ŵąłęśa', '1986', '02-28', 'Ōsaka', 'Smith', 'LS6'];
const expectNoPersonalData = (masked: string) => {
  for (const p of PERSONAL) expect(masked).not.toContain(p);
};

describe('quarantine masking', () => {
  it('masks letters and digits of every script, keeping punctuation', () => {
    expect(maskText('Zoë Ŵąłęśa, 1986-02-28 ١٢٣ 東京')).toBe('••• ••••••, ••••-••-•• ••• ••');
  });

  it('JSON: masks every value, and every key the formats do not define (tags is not a field)', () => {
    const body = JSON.stringify({
      defendant: { surname: 'Ŵąłęśa', dateOfBirth: '1986-02-28', 'Zoë Ŵąłęśa': { Smith: 1986 } },
      tags: ['Ōsaka', true, null],
    });
    const masked = maskMessageBody(body, 'application/json');
    expectNoPersonalData(masked);
    expect(JSON.parse(masked)).toEqual({
      defendant: { surname: '•••', dateOfBirth: '•••', '••• ••••••': { '•••••': 0 } },
      '••••': ['•••', true, null],
    });
  });

  it('JSON: keys that mask alike stay apart; __proto__ is a plain key', () => {
    const masked = JSON.parse(
      maskMessageBody('{"ab":"x","cd":"y","__proto__":{"polluted":"Zoë"}}', 'application/json'),
    );
    expect(Object.keys(masked)).toEqual(['••', '•• (2)', '__•••••__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('XML: masks text, attribute values, comments and CDATA; element names only when unknown', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><WatchlistHit id="Zoë"><!-- Smith 1986 --><Applicant Zoë="Ōsaka"><Surname>Ŵąłęśa</Surname><Zoë>x</Zoë><DateOfBirth><![CDATA[1986-02-28]]></DateOfBirth></Applicant></WatchlistHit>`;
    const masked = maskMessageBody(xml, 'application/xml');
    expectNoPersonalData(masked);
    expect(masked).toContain('<?xml version="1.0" encoding="UTF-8"?>');
    expect(masked).toContain('<Surname>•••</Surname>');
    expect(masked).toContain('<Applicant •••="•••">');
    expect(masked).toContain('<!--•••-->');
    expect(masked).toContain('<DateOfBirth><![CDATA[•••]]></DateOfBirth>');
  });

  it('masks the whole body when it is not what it says it is, or is refused unparsed', () => {
    for (const [body, type] of [
      ['Zoë Ŵąłęśa born 1986-02-28 <Smith', 'application/xml'],
      ['{"name": "Zoë Ŵąłęśa", 1986-02-28', 'application/json'],
      ['<!DOCTYPE x [<!ENTITY e "Smith">]><a>&e; Zoë</a>', 'application/xml'],
      [`${'['.repeat(100)}"Zoë Ŵąłęśa 1986-02-28"${']'.repeat(100)}`, 'application/json'],
      ['name=Zoë+Ŵąłęśa&dob=1986-02-28', 'text/plain'],
    ]) {
      const masked = maskMessageBody(body, type);
      expectNoPersonalData(masked);
      expect(masked).toBe(maskText(body));
    }
  });

  it('masks the names in error paths the formats do not define, keeping the ones they do', () => {
    const problem = {
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      detail: '2 field(s) failed validation',
      errors: [
        { path: 'defendant.Zoë Ŵąłęśa', message: 'is not allowed' },
        { path: 'offences[0].Smith1986.dateOfBirth', message: 'must be a date YYYY-MM-DD' },
      ],
    };
    expect(maskProblem(problem).errors).toEqual([
      { path: 'defendant.••• ••••••', message: 'is not allowed' },
      { path: 'offences[0].•••••••••.dateOfBirth', message: 'must be a date YYYY-MM-DD' },
    ]);
  });
});
