import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ChecksController } from './checks.controller';
import { ChecksService } from './checks.service';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { SubjectsModule } from '../subjects/subjects.module';

@Module({
  imports: [AgreementsModule, AuditModule, IdentityModule, SubjectsModule],
  controllers: [ChecksController],
  providers: [ChecksService],
})
export class ChecksModule {}
