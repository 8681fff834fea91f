import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { WatchlistAdminController } from './watchlist-admin.controller';
import { WatchlistEntries } from './watchlist-entries';
import { WatchlistSender } from './watchlist-sender';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { QueuesModule } from '../queues/queues.module';
import { SubjectsModule } from '../subjects/subjects.module';

@Module({
  imports: [AgreementsModule, AuditModule, AuthModule, QueuesModule, RoutingModule, SubjectsModule],
  controllers: [WatchlistAdminController],
  providers: [WatchlistEntries, WatchlistSender],
  exports: [WatchlistEntries, WatchlistSender],
})
export class WatchlistModule {}
