import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '../../auth/principal';
import { CurrentPrincipal, RequireScope } from '../../auth/scopes.decorator';
import { ListQuery } from '../../http/pagination';
import { IdempotentReq } from '../../idempotency/idempotency-key.decorator';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { respond } from '../../idempotency/idempotent-response';
import { ApiIdempotencyKey } from '../api-docs';
import { CreateWalletDto, UnlockWalletsDto, UpdateWalletDto, WalletQuery } from './wallets.dto';
import { AuditPageResponse, LockStateResponse, WalletDetailResponse, WalletPageResponse, WalletResponse } from './wallets.responses';
import { WalletsService } from './wallets.service';

@ApiTags('wallets')
@ApiBearerAuth()
@Controller('v1/wallets')
export class WalletsController {
  constructor(private readonly wallets: WalletsService) {}

  @Post()
  @RequireScope('wallets:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Create a wallet', description: 'hot: a fresh HD key kept by the wallet service; cold, watch, hardware, multisig: by address.' })
  @ApiCreatedResponse({ type: WalletResponse })
  async create(@IdempotentReq() req: IdempotentRequest, @Body() dto: CreateWalletDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.wallets.create(req, dto));
  }

  @Get()
  @RequireScope('wallets:read')
  @ApiOperation({ summary: 'List wallets' })
  @ApiOkResponse({ type: WalletPageResponse })
  list(@Query() query: ListQuery) {
    return this.wallets.list(query);
  }

  @Post('unlock')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOperation({ summary: 'Unlock the wallet service (passphrase mode, admin)', description: 'Every wallet replica unlocks.' })
  @ApiOkResponse({ type: LockStateResponse })
  unlock(@CurrentPrincipal() principal: Principal, @Body() dto: UnlockWalletsDto) {
    return this.wallets.unlock(principal, dto.passphrase);
  }

  @Post('lock')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOperation({ summary: 'Lock the wallet service (passphrase mode, admin)', description: 'Every wallet replica forgets its key-encryption key.' })
  @ApiOkResponse({ type: LockStateResponse })
  lock(@CurrentPrincipal() principal: Principal) {
    return this.wallets.lock(principal);
  }

  @Get(':id')
  @RequireScope('wallets:read')
  @ApiOperation({ summary: 'A wallet with its TRX, USDT, energy and bandwidth', description: 'balance is null, with balanceError, when the chain cannot be read now.' })
  @ApiOkResponse({ type: WalletDetailResponse })
  get(@Param('id') id: string, @Query() query: WalletQuery) {
    return this.wallets.get(id, query.refresh);
  }

  @Patch(':id')
  @RequireScope('wallets:write')
  @ApiOperation({ summary: 'Change a wallet\'s label, category or owner' })
  @ApiOkResponse({ type: WalletResponse })
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateWalletDto) {
    return this.wallets.update(principal, id, dto);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @RequireScope('wallets:write')
  @ApiOperation({ summary: 'Archive a wallet', description: 'Archived, never deleted: a key once held stays on record.' })
  @ApiOkResponse({ type: WalletResponse })
  archive(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.wallets.archive(principal, id);
  }

  @Get(':id/audit')
  @RequireScope('wallets:read')
  @ApiOperation({ summary: 'A wallet\'s audit trail of key use, newest first' })
  @ApiOkResponse({ type: AuditPageResponse })
  audit(@Param('id') id: string, @Query() query: ListQuery) {
    return this.wallets.audit(id, query);
  }
}
