import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '@tronpay/models';
import { MAX_URL_LENGTH } from './ssrf-guard';
import type { EndpointView, EndpointWithSecret } from './webhook-endpoints.service';

/** What an endpoint may subscribe to: event types, or `*` for every type (present and future). */
export const SUBSCRIBABLE = ['*', ...WEBHOOK_EVENT_TYPES] as const;

export class CreateWebhookEndpointDto {
  @ApiProperty({
    maxLength: MAX_URL_LENGTH,
    example: 'https://shop.example.com/tronpay/webhooks',
    description: 'https outside the devnet network, resolving to public addresses only',
  })
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url: string;

  @ApiProperty({ enum: SUBSCRIBABLE, isArray: true, minItems: 1, maxItems: SUBSCRIBABLE.length, example: ['invoice.paid', 'invoice.confirmed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @IsIn(SUBSCRIBABLE, { each: true })
  events: string[];
}

export class WebhookEndpointDto implements EndpointView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ enum: SUBSCRIBABLE, isArray: true })
  events: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  disabledAt: string | null;
}

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto implements EndpointWithSecret {
  @ApiProperty({ description: 'The signing secret: shown in this response only', example: 'whsec_9bQ1...' })
  secret: string;
}

export class WebhookEndpointPageDto {
  @ApiProperty({ type: [WebhookEndpointDto] })
  data: WebhookEndpointDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
