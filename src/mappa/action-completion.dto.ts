import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** `POST /v1/mappa/actions/{actionId}/completion` (mappa.md): the owner closes, or reports blocked. */
export class ActionCompletionDto {
  @ApiProperty({ enum: ['DONE', 'BLOCKED'] })
  @IsDefined()
  @IsIn(['DONE', 'BLOCKED'], { message: 'must be DONE or BLOCKED' })
  status: 'DONE' | 'BLOCKED';

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}
