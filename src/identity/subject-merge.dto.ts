import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsString, IsUUID, Length, ValidateIf } from 'class-validator';

export class SubjectMergeDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The subject to fold into the one in the path; its id then answers 301 to the survivor',
  })
  @IsDefined()
  @IsUUID('all', { message: 'must be a subject id (uuid)' })
  mergeSubjectId: string;

  @ApiProperty({
    example: 'Same person: PNC record consolidated by ACRO. Ticket IDR-2212',
    minLength: 5,
    maxLength: 500,
    description: 'Why; audited as the justification',
  })
  @IsDefined()
  @IsString()
  @Length(5, 500)
  reason: string;
}

/** Which merge into the subject in the path to undo: by its id, or by the subject it absorbed. */
export class SubjectUnmergeDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The merge to undo (from the merge answer). Either this or mergedSubjectId.',
  })
  @ValidateIf((o: SubjectUnmergeDto) => o.mergedSubjectId === undefined || o.mergeId !== undefined)
  @IsDefined({ message: 'mergeId or mergedSubjectId is required' })
  @IsUUID('all', { message: 'must be a merge id (uuid)' })
  mergeId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The subject that was merged into this one. Either this or mergeId.',
  })
  @ValidateIf((o: SubjectUnmergeDto) => o.mergedSubjectId !== undefined)
  @IsUUID('all', { message: 'must be a subject id (uuid)' })
  mergedSubjectId?: string;

  @ApiProperty({
    example: 'Linked in error: different fingerprints. Ticket IDR-2213',
    minLength: 5,
    maxLength: 500,
    description: 'Why; audited as the justification',
  })
  @IsDefined()
  @IsString()
  @Length(5, 500)
  reason: string;
}
