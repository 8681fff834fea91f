import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

/** A timestamp with a time and an offset, so the window is not at the mercy of a server's zone. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export class WindowReplayDto {
  @ApiProperty({ format: 'uuid', description: 'A webhook subscription' })
  @IsDefined()
  @IsUUID('all', { message: 'must be a subscription id (uuid)' })
  subscriptionId: string;

  @ApiProperty({ example: '2026-11-20T00:00:00Z', description: 'Events raised at or after this instant' })
  @IsDefined()
  @IsString()
  @Matches(TIMESTAMP, { message: 'must be an ISO 8601 timestamp with a time and an offset, e.g. 2026-11-20T00:00:00Z' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-11-21T00:00:00Z', description: 'Events raised before this instant' })
  @IsDefined()
  @IsString()
  @Matches(TIMESTAMP, { message: 'must be an ISO 8601 timestamp with a time and an offset, e.g. 2026-11-21T00:00:00Z' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({
    example: 'Receiver restored from backup after an outage; INC-4471',
    minLength: 5,
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @Length(5, 500)
  reason?: string;
}

export class DeliveryReplayDto {
  @ApiPropertyOptional({ example: 'Receiver fixed its certificate; INC-4470', minLength: 5, maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(5, 500)
  reason?: string;
}
