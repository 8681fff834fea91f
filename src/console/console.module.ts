import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { ConsoleOidc } from './console-oidc';
import { ConsoleQueries } from './console-queries';
import { ConsoleSession } from './console-session';
import { ConsoleSessionStore } from './console-session-store';
import { UpstreamsModule } from '../upstreams/upstreams.module';

@Module({
  imports: [UpstreamsModule],
  controllers: [ConsoleController],
  providers: [ConsoleSession, ConsoleSessionStore, ConsoleOidc, ConsoleQueries],
})
export class ConsoleModule {}
