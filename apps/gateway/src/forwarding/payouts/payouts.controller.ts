import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '../../auth/principal';
import { CurrentPrincipal, RequireScope } from '../../auth/scopes.decorator';
import { IdempotentReq } from '../../idempotency/idempotency-key.decorator';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { respond } from '../../idempotency/idempotent-response';
import { ApiIdempotencyKey } from '../api-docs';
import { BatchPayoutDto, CancelPayoutDto, CreatePayoutDto, ListPayoutsQuery } from './payouts.dto';
import { PayoutBatchResponse, PayoutPageResponse, PayoutResponse } from './payouts.responses';
import { PayoutsService } from './payouts.service';

@ApiTags('payouts')
@ApiBearerAuth()
@Controller('v1/payouts')
export class PayoutsController {
  constructor(private readonly payouts: PayoutsService) {}

  @Post()
  @RequireScope('payouts:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Request a payout (routed V0 or KYC, or rejected)' })
  @ApiCreatedResponse({ type: PayoutResponse })
  async create(@IdempotentReq() req: IdempotentRequest, @Body() dto: CreatePayoutDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.payouts.create(req, dto));
  }

  @Post('batch')
  @RequireScope('payouts:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Request up to 500 payouts, each routed and executed on its own' })
  @ApiCreatedResponse({ type: PayoutBatchResponse })
  async batch(@IdempotentReq() req: IdempotentRequest, @Body() dto: BatchPayoutDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.payouts.batch(req, dto));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireScope('payouts:approve')
  @ApiOperation({ summary: 'Approve a payout waiting for approval (by a key other than its creator\'s)' })
  @ApiOkResponse({ type: PayoutResponse })
  approve(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.payouts.approve(principal, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScope('payouts:write')
  @ApiOperation({ summary: 'Cancel a payout (only before broadcast)' })
  @ApiOkResponse({ type: PayoutResponse })
  cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CancelPayoutDto) {
    return this.payouts.cancel(principal, id, dto);
  }

  @Get(':id')
  @RequireScope('payouts:read')
  @ApiOperation({ summary: 'A payout' })
  @ApiOkResponse({ type: PayoutResponse })
  get(@Param('id') id: string) {
    return this.payouts.get(id);
  }

  @Get()
  @RequireScope('payouts:read')
  @ApiOperation({ summary: 'List payouts, newest first, optionally by status' })
  @ApiOkResponse({ type: PayoutPageResponse })
  list(@Query() query: ListPayoutsQuery) {
    return this.payouts.list(query);
  }
}
