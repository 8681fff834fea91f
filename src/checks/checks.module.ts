import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ChecksController } from './checks.controller';
import { ChecksService } from './checks.service';

@Module({ imports: [IdentityModule], controllers: [ChecksController], providers: [ChecksService] })
export class ChecksModule {}
