import { Global, Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { WatchlistAdminController } from './watchlist-admin.controller';
import { WatchlistEntries } from './watchlist-entries';
import { WatchlistSender } from './watchlist-sender';

@Global()
@Module({
  imports: [RoutingModule],
  controllers: [WatchlistAdminController],
  providers: [WatchlistEntries, WatchlistSender],
  exports: [WatchlistEntries, WatchlistSender],
})
export class WatchlistModule {}
