import { fromOwnOrigin } from './same-origin';

describe("a console POST from the hub's own page", () => {
  const hub = 'https://hub.example';

  it("passes on the hub's exact origin, or Sec-Fetch-Site: same-origin when Origin is absent", () => {
    expect(fromOwnOrigin({ origin: hub }, hub)).toBe(true);
    expect(fromOwnOrigin({ 'sec-fetch-site': 'same-origin' }, hub)).toBe(true);
  });

  it('fails on another origin, an opaque one, a sibling site, or no sign at all', () => {
    expect(fromOwnOrigin({ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, hub)).toBe(false);
    expect(fromOwnOrigin({ origin: 'null' }, hub)).toBe(false);
    expect(fromOwnOrigin({ origin: 'https://hub.example:8443' }, hub)).toBe(false);
    expect(fromOwnOrigin({ 'sec-fetch-site': 'same-site' }, hub)).toBe(false);
    expect(fromOwnOrigin({}, hub)).toBe(false);
  });
});
