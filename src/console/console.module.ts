import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { ConsoleQueries } from './console-queries';
import { ConsoleSession } from './console-session';
import { UpstreamsModule } from '../upstreams/upstreams.module';

@Module({ imports: [UpstreamsModule], controllers: [ConsoleController], providers: [ConsoleSession, ConsoleQueries] })
export class ConsoleModule {}
