import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsString, IsUUID, Length, ValidateIf } from 'class-validator';

export class IdentityReviewDecisionDto {
  @ApiProperty({
    enum: ['LINK', 'KEEP_APART', 'MERGE_ALL'],
    description:
      "LINK: the review's subject and the candidate are one person (a NEW_SUBJECT review merges its subject into the candidate; a SPLIT review merges the candidate into its subject). KEEP_APART: different people; never asked again. MERGE_ALL (SPLIT reviews only): every candidate is the review's subject; all are merged into it in one decision.",
  })
  @IsDefined()
  @IsIn(['LINK', 'KEEP_APART', 'MERGE_ALL'])
  decision: 'LINK' | 'KEEP_APART' | 'MERGE_ALL';

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "One of the review's candidates. Required for LINK; for KEEP_APART, omitted means apart from every candidate; not used by MERGE_ALL.",
  })
  @ValidateIf((o: IdentityReviewDecisionDto) => o.decision === 'LINK' || o.candidateSubjectId !== undefined)
  @IsDefined({ message: 'candidateSubjectId is required to LINK' })
  @IsUUID('all', { message: 'must be a subject id (uuid)' })
  candidateSubjectId?: string;

  @ApiProperty({
    example: 'Custody photographs and fingerprints compared; same person. Ticket IDR-2211',
    minLength: 5,
    maxLength: 500,
    description: 'Why; audited as the justification',
  })
  @IsDefined()
  @IsString()
  @Length(5, 500)
  reason: string;
}
