import { londonTime, londonTimeText } from './london-time';

describe('londonTime', () => {
  it('shows London wall-clock time, saying GMT in winter and BST in summer', () => {
    expect(londonTimeText('2026-12-06T21:52:57Z')).toBe('6 Dec 2026, 21:52:57 GMT');
    expect(londonTimeText('2026-07-06T21:52:57.123Z')).toBe('6 Jul 2026, 22:52:57 BST');
  });

  it('changes over on the last Sunday of March at 01:00 UTC', () => {
    expect(londonTimeText('2026-03-29T00:59:59Z')).toBe('29 Mar 2026, 00:59:59 GMT');
    expect(londonTimeText('2026-03-29T01:00:00Z')).toBe('29 Mar 2026, 02:00:00 BST');
  });

  it('keeps the exact instant, in UTC ISO 8601, in the datetime attribute', () => {
    expect(String(londonTime('2026-07-06T21:52:57.123Z'))).toBe(
      '<time datetime="2026-07-06T21:52:57.123Z">6 Jul 2026, 22:52:57 BST</time>',
    );
  });

  it('shows nothing for no time', () => {
    expect(londonTime(null)).toBe('');
    expect(londonTimeText('not a time')).toBe('');
  });
});
