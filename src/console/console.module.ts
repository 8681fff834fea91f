import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { ConsoleQueries } from './console-queries';
import { ConsoleSession } from './console-session';

@Module({ controllers: [ConsoleController], providers: [ConsoleSession, ConsoleQueries] })
export class ConsoleModule {}
