import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { MAX_LOCK_PERIOD_BLOCKS, MAX_VOTES, STAKE_RESOURCES, StakeResource } from '@tronpay/models';
import { IsDecimalAmount, IsTronAddress } from '../tron-values';
import { Optional } from '../../http/optional.decorator';

const WALLET_ID = { format: 'uuid', description: 'A hot or multisig wallet' };
const AMOUNT = { example: '100', description: 'TRX in whole units, at most 6 decimals, more than 0' };
const ADDRESS = { description: 'base58 (T...) or hex (41...)', example: 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy' };

export class StakingWalletDto {
  @ApiProperty(WALLET_ID)
  @IsUUID()
  walletId: string;
}

export class StakeDto {
  @ApiProperty(WALLET_ID)
  @IsUUID()
  walletId: string;

  @ApiProperty(AMOUNT)
  @IsDecimalAmount({ positive: true })
  amount: string;

  @ApiProperty({ enum: STAKE_RESOURCES })
  @IsIn(STAKE_RESOURCES)
  resource: StakeResource;
}

export class DelegateDto {
  @ApiProperty(WALLET_ID)
  @IsUUID()
  walletId: string;

  @ApiProperty({ ...ADDRESS, description: 'Who receives the resource: base58 (T...) or hex (41...)' })
  @IsTronAddress()
  receiver: string;

  @ApiProperty(AMOUNT)
  @IsDecimalAmount({ positive: true })
  amount: string;

  @ApiProperty({ enum: STAKE_RESOURCES })
  @IsIn(STAKE_RESOURCES)
  resource: StakeResource;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_LOCK_PERIOD_BLOCKS, description: 'Blocks the delegation cannot be undone for (3 s each)' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_LOCK_PERIOD_BLOCKS)
  lockPeriodBlocks?: number;
}

export class UndelegateDto {
  @ApiProperty(WALLET_ID)
  @IsUUID()
  walletId: string;

  @ApiProperty(ADDRESS)
  @IsTronAddress()
  receiver: string;

  @ApiProperty(AMOUNT)
  @IsDecimalAmount({ positive: true })
  amount: string;

  @ApiProperty({ enum: STAKE_RESOURCES })
  @IsIn(STAKE_RESOURCES)
  resource: StakeResource;
}

export class VoteDto {
  @ApiProperty({ ...ADDRESS, description: 'A witness (super representative): base58 (T...) or hex (41...)' })
  @IsTronAddress()
  witness: string;

  @ApiProperty({ minimum: 1, description: 'TRON Power to give it (one per staked TRX)' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  count: number;
}

export class VotesDto {
  @ApiProperty(WALLET_ID)
  @IsUUID()
  walletId: string;

  @ApiProperty({ type: () => [VoteDto], minItems: 1, maxItems: MAX_VOTES, description: 'Replaces the wallet\'s votes' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VOTES)
  @ValidateNested({ each: true })
  @Type(() => VoteDto)
  votes: VoteDto[];
}
