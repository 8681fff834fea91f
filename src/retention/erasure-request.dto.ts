import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length } from 'class-validator';

export class ErasureRequestDto {
  @ApiProperty({
    example: 'Retention period ended; reviewed by the DPO under ticket DPO-2041-117',
    minLength: 5,
    maxLength: 500,
  })
  @IsDefined()
  @IsString()
  @Length(5, 500)
  reason: string;
}
