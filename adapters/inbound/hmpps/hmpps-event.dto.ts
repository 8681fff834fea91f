import { Equals, IsDefined, IsString, MaxLength, MinLength } from 'class-validator';
import { IsNotAheadOfHubClock, IsRfc3339Timestamp } from '../../../src/common/validation.decorators';

/** The envelope the probation and prison formats share; each adds its eventType list and its body fields. */
export abstract class HmppsEventDto {
  @IsDefined() @Equals('1.0', { message: 'must be "1.0" (the only version this hub reads)' }) schemaVersion: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(100) eventId: string;
  @IsDefined() @IsRfc3339Timestamp() @IsNotAheadOfHubClock() occurredAt: string;
}
