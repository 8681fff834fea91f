import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCivilDate, IsIdentifier, IsNotFutureDate, IsPncId } from '../../../src/common/validation.decorators';

import { HmppsEventDto } from '../hmpps/hmpps-event.dto';
import { PersonNameDto } from '../hmpps/hmpps-person.dto';
import { IsOneOf } from '../../../src/common/validation/one-of';

// Wire format of mappa.md. Every string and list is bounded; unknown properties are refused.

export const MAPPA_EVENT_TYPES = ['MEETING_HELD', 'ACTION_UPDATED'] as const;
export type MappaEventType = (typeof MAPPA_EVENT_TYPES)[number];

/** The body field each event type carries (exactly one, and only that one). */
export const BODY_FIELD: Record<MappaEventType, 'meeting' | 'action'> = {
  MEETING_HELD: 'meeting',
  ACTION_UPDATED: 'action',
};

const ACTION_STATUSES = ['DONE', 'BLOCKED', 'CANCELLED'] as const;
const FORCE_CODE = /^[A-Z]{2,4}$/;
/** A hub agency id, e.g. police.west-yorkshire (whether it is known is the mapper's check). */
const AGENCY_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const AGENCY_MESSAGE = { message: 'must be a hub agency id such as police.west-yorkshire' };
/** The unit's own ids (meetings, actions): printable, no spaces. */
const UNIT_ID = /^[\x21-\x7e]{1,100}$/;
const UNIT_ID_MESSAGE = { message: 'must be 1-100 printable characters without spaces' };

/** At least one identifier (the mapper checks): a minute is never linked by name alone. */
export class MappaPersonDto {
  @IsOptional() @IsString() @MaxLength(20) @IsPncId() pncId?: string;
  @IsOptional() @IsString() @IsIdentifier('CRN') crn?: string;
  @IsOptional() @IsString() @IsIdentifier('NOMS') nomsNumber?: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => PersonNameDto) name: PersonNameDto;
  @IsDefined() @IsCivilDate() @IsNotFutureDate() dateOfBirth: string;
}

export class ChairDto {
  @IsDefined() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsDefined() @IsString() @MaxLength(100) @Matches(AGENCY_ID, AGENCY_MESSAGE) agency: string;
}

export class ParticipantDto {
  @IsDefined() @IsString() @MaxLength(100) @Matches(AGENCY_ID, AGENCY_MESSAGE) agency: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) role?: string;
}

export class ActionDto {
  @IsDefined() @IsString() @Matches(UNIT_ID, UNIT_ID_MESSAGE) actionId: string;
  @IsDefined() @IsString() @MinLength(1) @MaxLength(2000) description: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ParticipantDto) owner: ParticipantDto;
  @IsDefined() @IsCivilDate() dueOn: string;
}

export class MeetingDto {
  @IsDefined() @IsString() @Matches(UNIT_ID, UNIT_ID_MESSAGE) meetingId: string;
  @IsDefined() @IsCivilDate() @IsNotFutureDate() heldOn: string;
  @IsDefined() @IsOneOf([2, 3]) level: 2 | 3;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => ChairDto) chair: ChairDto;
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  attendees: ParticipantDto[];
  @IsDefined() @IsString() @MinLength(1) @MaxLength(4000) riskSummary: string;
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(2000, { each: true })
  decisions: string[];
  @IsDefined()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ActionDto)
  actions: ActionDto[];
  @IsOptional() @IsCivilDate() nextReviewOn?: string;
  /** Kept apart by the adapter's `withhold`; validated like any text so a bad one is named. */
  @IsOptional() @IsString() @MaxLength(20000) victimSection?: string;
}

export class ActionUpdateDto {
  @IsDefined() @IsString() @Matches(UNIT_ID, UNIT_ID_MESSAGE) meetingId: string;
  @IsDefined() @IsString() @Matches(UNIT_ID, UNIT_ID_MESSAGE) actionId: string;
  @IsDefined() @IsOneOf(ACTION_STATUSES) status: (typeof ACTION_STATUSES)[number];
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) note?: string;
  @IsDefined() @IsCivilDate() @IsNotFutureDate() updatedOn: string;
}

/** The same envelope as the prison and probation formats (schemaVersion, eventId, occurredAt). */
export class MappaMessageDto extends HmppsEventDto {
  @IsDefined() @IsOneOf(MAPPA_EVENT_TYPES) eventType: MappaEventType;
  @IsDefined()
  @IsString()
  @Matches(FORCE_CODE, { message: 'must be the police force code of the MAPPA area, such as WYP' })
  area: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => MappaPersonDto) person: MappaPersonDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MeetingDto) meeting?: MeetingDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ActionUpdateDto) action?: ActionUpdateDto;
}
