import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScope } from '../../auth/scopes.decorator';
import { IdempotentReq } from '../../idempotency/idempotency-key.decorator';
import type { IdempotentRequest } from '../../idempotency/idempotency.service';
import { respond } from '../../idempotency/idempotent-response';
import { ApiIdempotencyKey } from '../api-docs';
import { DelegateDto, StakeDto, StakingWalletDto, UndelegateDto, VotesDto } from './staking.dto';
import { StakingOperationResponse, StakingResponse } from './staking.responses';
import { StakingService } from './staking.service';

@ApiTags('staking')
@ApiBearerAuth()
@Controller('v1/staking')
export class StakingController {
  constructor(private readonly staking: StakingService) {}

  @Post('freeze')
  @RequireScope('staking:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Freeze TRX for energy or bandwidth (Stake 2.0)' })
  @ApiCreatedResponse({ type: StakingOperationResponse })
  async freeze(@IdempotentReq() req: IdempotentRequest, @Body() dto: StakeDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.staking.freeze(req, dto));
  }

  @Post('unfreeze')
  @RequireScope('staking:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Unfreeze staked TRX; withdrawable after the chain\'s delay' })
  @ApiCreatedResponse({ type: StakingOperationResponse })
  async unfreeze(@IdempotentReq() req: IdempotentRequest, @Body() dto: StakeDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.staking.unfreeze(req, dto));
  }

  @Post('withdraw')
  @RequireScope('staking:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Withdraw every expired unfreeze' })
  @ApiCreatedResponse({ type: StakingOperationResponse })
  async withdraw(@IdempotentReq() req: IdempotentRequest, @Body() dto: StakingWalletDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.staking.withdraw(req, dto));
  }

  @Post('cancel-unfreezes')
  @RequireScope('staking:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Cancel every pending unfreeze: the TRX is staked again (expired ones are withdrawn)' })
  @ApiCreatedResponse({ type: StakingOperationResponse })
  async cancelUnfreezes(@IdempotentReq() req: IdempotentRequest, @Body() dto: StakingWalletDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.staking.cancelUnfreezes(req, dto));
  }

  @Post('delegate')
  @RequireScope('staking:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Delegate staked energy or bandwidth to an address, optionally locked' })
  @ApiCreatedResponse({ type: StakingOperationResponse })
  async delegate(@IdempotentReq() req: IdempotentRequest, @Body() dto: DelegateDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.staking.delegate(req, dto));
  }

  @Post('undelegate')
  @RequireScope('staking:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Take back a delegation (after its lock)' })
  @ApiCreatedResponse({ type: StakingOperationResponse })
  async undelegate(@IdempotentReq() req: IdempotentRequest, @Body() dto: UndelegateDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.staking.undelegate(req, dto));
  }

  @Post('vote')
  @RequireScope('staking:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Vote for witnesses (replaces the wallet\'s votes)' })
  @ApiCreatedResponse({ type: StakingOperationResponse })
  async vote(@IdempotentReq() req: IdempotentRequest, @Body() dto: VotesDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.staking.vote(req, dto));
  }

  @Post('claim-rewards')
  @RequireScope('staking:write')
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Claim voting rewards' })
  @ApiCreatedResponse({ type: StakingOperationResponse })
  async claimRewards(@IdempotentReq() req: IdempotentRequest, @Body() dto: StakingWalletDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.staking.claimRewards(req, dto));
  }

  @Get(':walletId')
  @RequireScope('wallets:read')
  @ApiOperation({ summary: 'A wallet\'s stake: frozen, delegated, pending unfreezes with their dates, votes, rewards, resources' })
  @ApiOkResponse({ type: StakingResponse })
  get(@Param('walletId') walletId: string) {
    return this.staking.get(walletId);
  }
}
