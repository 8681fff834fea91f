import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DELIVERY_KIND_NAMES, isDeliveryKind, needsUrl, type DeliveryKind } from '../canonical/delivery-kinds';
import { EVENT_TYPES } from '../canonical/event-types';

export class SubscriptionFilterDto {
  @ApiPropertyOptional({ type: [String], example: ['WYP'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  areas?: string[];

  @ApiPropertyOptional({ type: [Number], example: [1, 2] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(4, { each: true })
  mappaCategories?: number[];
}

export class DeliveryDto {
  @ApiProperty({ enum: DELIVERY_KIND_NAMES })
  @IsDefined()
  @IsIn(DELIVERY_KIND_NAMES, { message: `must be ${DELIVERY_KIND_NAMES.join(' or ')}` })
  mode: DeliveryKind;

  @ApiPropertyOptional({ example: 'https://receiver.police.example/hub-events' })
  @ValidateIf((d: DeliveryDto) => isDeliveryKind(d.mode) && needsUrl(d.mode))
  @IsDefined({ message: (args) => `is required for ${(args.object as DeliveryDto).mode} delivery` })
  @IsString()
  @MaxLength(2000)
  url?: string;
}

export class CreateSubscriptionDto {
  @ApiProperty({ type: [String], example: ['conviction.recorded', 'registration.started'] })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true, message: 'each must be an event type of the catalogue (GET /asyncapi.yaml)' })
  eventTypes: string[];

  @ApiPropertyOptional({ type: SubscriptionFilterDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SubscriptionFilterDto)
  filter?: SubscriptionFilterDto;

  @ApiProperty({ type: DeliveryDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DeliveryDto)
  delivery: DeliveryDto;
}

/** PATCH: the delivery's target only (its mode is fixed when the subscription is made). */
export class DeliveryChangeDto {
  @ApiPropertyOptional({ enum: DELIVERY_KIND_NAMES, description: 'If given, must be the current mode' })
  @IsOptional()
  @IsIn(DELIVERY_KIND_NAMES, { message: `must be ${DELIVERY_KIND_NAMES.join(' or ')}` })
  mode?: DeliveryKind;

  @ApiPropertyOptional({ example: 'https://receiver.police.example/hub-events-v2' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;
}

/** PATCH /v1/subscriptions/{id}: each field given replaces the current one (`filter: {}` clears it). */
export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ type: [String], example: ['conviction.recorded', 'order.made'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true, message: 'each must be an event type of the catalogue (GET /asyncapi.yaml)' })
  eventTypes?: string[];

  @ApiPropertyOptional({ type: SubscriptionFilterDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SubscriptionFilterDto)
  filter?: SubscriptionFilterDto;

  @ApiPropertyOptional({ type: DeliveryChangeDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DeliveryChangeDto)
  delivery?: DeliveryChangeDto;
}

/** The longest a rotated-out secret may go on signing (a week). */
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 24 * 3600;

/** POST /v1/subscriptions/{id}/secret/rotation (the body is optional). */
export class SecretRotationDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_ROTATION_OVERLAP_SECONDS,
    description:
      'How long the old secret goes on signing beside the new one; default HUB_SECRET_ROTATION_OVERLAP (24h)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ROTATION_OVERLAP_SECONDS)
  overlapSeconds?: number;
}
