import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { Optional } from '../http/optional.decorator';
import { WEBHOOK_EVENT_TYPES } from '@tronpay/models';
import { ListQuery } from '../http/pagination';
import type { AttemptView, DeliveryView, EventView, RedeliveryView } from './webhook-events.service';

export class ListEventsQuery extends ListQuery {
  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES })
  @Optional()
  @IsIn(WEBHOOK_EVENT_TYPES)
  type?: string;
}

export class RedeliverDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this endpoint (default: every enabled endpoint of the event, and those subscribed now)' })
  @Optional()
  @IsString()
  @MaxLength(100)
  endpointId?: string;
}

export class EventDto implements EventView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES })
  type: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the event is about (an invoice, a payout), as its GET shows it' })
  data: unknown;
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] })
  data: EventDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class AttemptDto implements AttemptView {
  @ApiProperty({ description: "1-based, counted over the delivery's rounds" })
  attempt: number;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({ nullable: true, type: Number, description: "The receiver's HTTP status; null when none came (refused, timeout, network error)" })
  statusCode: number | null;

  @ApiProperty()
  latencyMs: number;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;
}

class DeliveryEndpointDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  url: string;
}

export class DeliveryDto implements DeliveryView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: DeliveryEndpointDto })
  endpoint: DeliveryEndpointDto;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] })
  status: 'pending' | 'delivered' | 'failed';

  @ApiProperty({ description: 'Starts at 0; each redelivery adds one' })
  round: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  nextAttemptAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  deliveredAt: string | null;

  @ApiProperty({ nullable: true, type: Number })
  lastStatusCode: number | null;

  @ApiProperty({ nullable: true, type: String })
  lastError: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: [AttemptDto] })
  attempts: AttemptDto[];
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] })
  data: DeliveryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

class RedeliveredDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  endpointId: string;

  @ApiProperty()
  round: number;
}

export class RedeliveryDto implements RedeliveryView {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ type: [RedeliveredDto], description: 'The deliveries now pending again, or created' })
  deliveries: RedeliveredDto[];
}
