import { Body, Controller, Get, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '../../auth/principal';
import { CurrentPrincipal, RequireScope } from '../../auth/scopes.decorator';
import { IdempotentReq } from '../../idempotency/idempotency-key.decorator';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { respond } from '../../idempotency/idempotent-response';
import { ApiIdempotencyKey } from '../api-docs';
import { CreateRecipientDto, UpdateRecipientDto } from './recipients.dto';
import { RecipientResponse } from './recipients.responses';
import { RecipientsService } from './recipients.service';

@ApiTags('recipients')
@ApiBearerAuth()
@Controller('v1/recipients')
export class RecipientsController {
  constructor(private readonly recipients: RecipientsService) {}

  @Post()
  @RequireScope('payouts:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Register a payout recipient with its KYC level and known addresses' })
  @ApiCreatedResponse({ type: RecipientResponse })
  async create(@IdempotentReq() req: IdempotentRequest, @Body() dto: CreateRecipientDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.recipients.create(req, dto));
  }

  @Patch(':id')
  @RequireScope('payouts:write')
  @ApiOperation({ summary: 'Change a recipient\'s external id, KYC level or addresses' })
  @ApiOkResponse({ type: RecipientResponse })
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateRecipientDto) {
    return this.recipients.update(principal, id, dto);
  }

  @Get(':id')
  @RequireScope('payouts:read')
  @ApiOperation({ summary: 'A recipient' })
  @ApiOkResponse({ type: RecipientResponse })
  get(@Param('id') id: string) {
    return this.recipients.get(id);
  }
}
