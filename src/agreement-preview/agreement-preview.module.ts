import { Module } from '@nestjs/common';
import { AgreementPreview } from './agreement-preview';
import { AgreementPreviewController } from './agreement-preview.controller';

/** The admin preview of an agreement's disclosures about one subject. */
@Module({
  controllers: [AgreementPreviewController],
  providers: [AgreementPreview],
  exports: [AgreementPreview],
})
export class AgreementPreviewModule {}
