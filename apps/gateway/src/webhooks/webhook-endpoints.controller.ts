import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScope } from '../auth/scopes.decorator';
import { ListQuery } from '../http/pagination';
import { IdempotentReq } from '../idempotency/idempotency-key.decorator';
import type { IdempotentRequest } from '../idempotency/idempotency.service';
import { respond } from '../idempotency/idempotent-response';
import { CreateWebhookEndpointDto, WebhookEndpointDto, WebhookEndpointPageDto, WebhookEndpointWithSecretDto } from './webhook-endpoints.dto';
import { WebhookEndpointsService } from './webhook-endpoints.service';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: '1-255 printable ASCII characters; a retry with the same key and body gets the first response' };

@ApiTags('webhooks')
@ApiBearerAuth()
@RequireScope('webhooks:write')
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @ApiOperation({ summary: 'Register an endpoint; its signing secret is in this response only' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  async create(@IdempotentReq() request: IdempotentRequest, @Body() dto: CreateWebhookEndpointDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.endpoints.create(request, dto));
  }

  @Get()
  @ApiOperation({ summary: 'List endpoints, newest first (never their secrets)' })
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  list(@Query() query: ListQuery) {
    return this.endpoints.list(query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A webhook endpoint (never its secret)' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  get(@Param('id') id: string) {
    return this.endpoints.get(id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop delivering to an endpoint; its pending deliveries fail' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  disable(@Param('id') id: string) {
    return this.endpoints.disable(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret; the new one is in this response only' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  async rotateSecret(@IdempotentReq() request: IdempotentRequest, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.endpoints.rotateSecret(request, id));
  }
}
