import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length } from 'class-validator';

export class AgreementSuspensionDto {
  @ApiProperty({
    example: 'Recipient reported a data breach; suspended pending DPO review',
    minLength: 5,
    maxLength: 500,
  })
  @IsDefined()
  @IsString()
  @Length(5, 500)
  reason: string;
}
