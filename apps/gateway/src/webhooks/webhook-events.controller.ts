import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/scopes.decorator';
import { ListQuery } from '../http/pagination';
import { DeliveryPageDto, EventDto, EventPageDto, ListEventsQuery, RedeliverDto, RedeliveryDto } from './webhook-events.dto';
import { WebhookEventsService } from './webhook-events.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@RequireScope('webhooks:write')
@Controller('v1/events')
export class WebhookEventsController {
  constructor(private readonly events: WebhookEventsService) {}

  @Get()
  @ApiOperation({ summary: 'List events, newest first' })
  @ApiOkResponse({ type: EventPageDto })
  list(@Query() query: ListEventsQuery) {
    return this.events.list(query.limit, query.cursor, query.type);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An event, exactly as its webhooks carry it' })
  @ApiOkResponse({ type: EventDto })
  get(@Param('id') id: string) {
    return this.events.get(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "The event's deliveries, each with its endpoint and every attempt" })
  @ApiOkResponse({ type: DeliveryPageDto })
  deliveries(@Param('id') id: string, @Query() query: ListQuery) {
    return this.events.deliveries(id, query.limit, query.cursor);
  }

  @Post(':id/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the event again (to one endpoint, or to all that are enabled and subscribed)' })
  @ApiAcceptedResponse({ type: RedeliveryDto })
  redeliver(@Param('id') id: string, @Body() dto: RedeliverDto) {
    return this.events.redeliver(id, dto.endpointId);
  }
}
