import { inboundAdapterList } from './inbound-adapter-list';

const INBOUND_ADAPTER_LIST = inboundAdapterList(new Map([['GB', 'United Kingdom']]));

describe('the inbound adapter list', () => {
  it('names each adapter once (its name is its path under /v1/inbound/)', () => {
    const names = INBOUND_ADAPTER_LIST.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
  });

  // api.md's table of who pushes through which adapter, and the channel its facts are labelled with.
  it.each([
    ['court-outcomes', 'COURT', 'COURT'],
    ['probation', 'PROBATION', 'PROBATION'],
    ['pnc', 'POLICE', 'PNC'],
    ['passport-watchlist', 'HMPO', 'HMPO'],
    ['prison', 'PRISON', 'PRISON'],
  ])('%s is for %s agencies and labels its facts %s', (name, agencyKind, provenanceKind) => {
    const found = INBOUND_ADAPTER_LIST.find((a) => a.name === name);
    expect(found).toMatchObject({ agencyKind, provenanceKind });
  });
});
