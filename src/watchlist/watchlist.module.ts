import { Global, Module } from '@nestjs/common';
import { WatchlistAdminController } from './watchlist-admin.controller';
import { WatchlistClock } from './watchlist.clock';
import { WatchlistEntries } from './watchlist-entries';
import { WatchlistSender } from './watchlist-sender';

@Global()
@Module({
  controllers: [WatchlistAdminController],
  providers: [WatchlistEntries, WatchlistSender, WatchlistClock],
  exports: [WatchlistEntries, WatchlistSender, WatchlistClock],
})
export class WatchlistModule {}
