import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Address } from '@tronpay/tron';
import type { Response } from 'express';
import { RequireScope } from '../../auth/scopes.decorator';
import { GatewayError } from '../../http/gateway.errors';
import { IdempotentReq } from '../../idempotency/idempotency-key.decorator';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { respond } from '../../idempotency/idempotent-response';
import { ApiIdempotencyKey } from '../api-docs';
import { AddTokenDto } from './tokens.dto';
import { TokensService } from './tokens.service';

const TOKEN = '{contract, name, symbol, decimals, canonical, registered, totalSupply, addedAt, addedBy}';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @RequireScope('any')
  @ApiOperation({ summary: 'The token registry: the TRC20 tokens whose transfers are credited (the canonical USDT first)' })
  @ApiOkResponse({ description: `{data: [${TOKEN}]}` })
  list() {
    return this.tokens.list();
  }

  @Get(':contract')
  @RequireScope('any')
  @ApiOperation({ summary: 'A TRC20 contract as the chain describes it, and whether it is in the registry' })
  @ApiOkResponse({ description: TOKEN })
  get(@Param('contract') contract: string) {
    if (!Address.tryParse(contract)) throw GatewayError.badRequest('validation_failed', 'contract must be a TRON address', ['contract must be a TRON address']);
    return this.tokens.get(contract);
  }

  @Post()
  @RequireScope('admin')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Add a TRC20 token to the registry: its metadata is read from the chain (and must match what you state); from then on its transfers are credited' })
  @ApiCreatedResponse({ description: TOKEN })
  async add(@IdempotentReq() req: IdempotentRequest, @Body() dto: AddTokenDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.tokens.add(req, dto));
  }
}
