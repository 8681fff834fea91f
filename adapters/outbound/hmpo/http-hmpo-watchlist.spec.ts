import type { WatchlistEntryRequest } from '../../../src/watchlist/hmpo-watchlist.port';
import { watchlistEntryXml } from './http-hmpo-watchlist';

const request: WatchlistEntryRequest = {
  requestId: 'r-1',
  surname: 'WALKER',
  forenames: 'John',
  dateOfBirth: '1986-02-28',
  passportNumber: '987654321',
  reason: 'PASSPORT_SURRENDER',
  orderRef: 'SHPO-1',
  notifyAuthority: 'police.west-yorkshire',
};

describe('the lodge request XML (passport-watchlist.md)', () => {
  it('writes the aliases inside Subject, escaped', () => {
    const xml = watchlistEntryXml({
      ...request,
      aliases: [
        { surname: 'SMITH', forenames: 'John Michael' },
        { surname: "O'SMYTH", forenames: 'Jon' },
      ],
    });
    expect(xml).toContain(
      '<PassportNumber>987654321</PassportNumber><Aliases><Alias><Surname>SMITH</Surname><Forenames>John Michael</Forenames></Alias><Alias><Surname>O&apos;SMYTH</Surname><Forenames>Jon</Forenames></Alias></Aliases></Subject>',
    );
  });

  it('omits Aliases when there are none', () => {
    expect(watchlistEntryXml(request)).not.toContain('Aliases');
  });
});
