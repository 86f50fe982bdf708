import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { SweepStatus } from '@tronpay/models';
import { Optional } from '../http/optional.decorator';
import { ListQuery } from '../http/pagination';
import { IsTronAddress } from '../forwarding/tron-values';

export const SWEEP_STATUSES: readonly SweepStatus[] = ['planned', 'preparing', 'waiting', 'sending', 'releasing', 'completed', 'failed', 'skipped'];

export class ListSweepsQuery extends ListQuery {
  @ApiPropertyOptional({ enum: SWEEP_STATUSES })
  @Optional()
  @IsIn(SWEEP_STATUSES)
  status?: SweepStatus;

  @ApiPropertyOptional({ description: 'A deposit address: base58 (T...) or hex (41...)' })
  @Optional()
  @IsTronAddress()
  address?: string;
}

export class ListUnknownTokensQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @Matches(/^[0-9]{1,19}$/, { message: 'cursor is not one this API returned' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'Only what reached this deposit address: base58 (T...) or hex (41...)' })
  @Optional()
  @IsTronAddress()
  address?: string;
}
