import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length } from 'class-validator';

export class CheckpointVerifyDto {
  @ApiProperty({ description: 'The compact JWS from GET /v1/audit/checkpoint, as kept outside the hub' })
  @IsDefined()
  @IsString()
  @Length(20, 1_000_000)
  checkpoint: string;
}
