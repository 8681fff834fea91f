import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ChecksController } from './checks.controller';
import { ChecksRepository } from './checks.repository';
import { ChecksService } from './checks.service';

@Module({
  imports: [IdentityModule],
  controllers: [ChecksController],
  providers: [ChecksService, ChecksRepository],
  exports: [ChecksRepository],
})
export class ChecksModule {}
