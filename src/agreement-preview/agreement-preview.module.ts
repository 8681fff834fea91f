import { Module } from '@nestjs/common';
import { AgreementPreview } from './agreement-preview';
import { AgreementPreviewController } from './agreement-preview.controller';
import { AgreementsModule } from '../agreements/agreements.module';
import { AuditModule } from '../audit/audit.module';
import { SubjectsModule } from '../subjects/subjects.module';

/** The admin preview of an agreement's disclosures about one subject. */
@Module({
  imports: [AgreementsModule, AuditModule, SubjectsModule],
  controllers: [AgreementPreviewController],
  providers: [AgreementPreview],
  exports: [AgreementPreview],
})
export class AgreementPreviewModule {}
