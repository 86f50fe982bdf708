import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PAYOUT_BATCH_MAX, PAYOUT_CURRENCIES, PAYOUT_STATUSES, PayoutCurrency, PayoutStatus } from '@tronpay/models';
import { ListQuery } from '../../http/pagination';
import { IsDecimalAmount, IsTronAddress } from '../tron-values';
import { Optional } from '../../http/optional.decorator';

const PRINTABLE = /^[\x20-\x7e]*$/;

export class CreatePayoutDto {
  @ApiProperty({ enum: PAYOUT_CURRENCIES })
  @IsIn(PAYOUT_CURRENCIES)
  currency: PayoutCurrency;

  @ApiProperty({ example: '25.5', description: 'Whole units, at most 6 decimals, more than 0' })
  @IsDecimalAmount({ positive: true })
  amount: string;

  @ApiProperty({ description: 'Destination: base58 (T...) or hex (41...)', example: 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy' })
  @IsTronAddress()
  to: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A recipient (KYC path); none: the V0 path' })
  @Optional()
  @IsUUID()
  recipientId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Your own reference (a withdrawal id)' })
  @Optional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'reference must be printable ASCII' })
  reference?: string;
}

export class BatchPayoutDto {
  @ApiProperty({ type: () => [CreatePayoutDto], minItems: 1, maxItems: PAYOUT_BATCH_MAX })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PAYOUT_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => CreatePayoutDto)
  items: CreatePayoutDto[];
}

export class CancelPayoutDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Kept with the payout' })
  @Optional()
  @IsString()
  @MaxLength(500)
  @Matches(PRINTABLE, { message: 'reason must be printable ASCII' })
  reason?: string;
}

export class ListPayoutsQuery extends ListQuery {
  @ApiPropertyOptional({ enum: PAYOUT_STATUSES })
  @Optional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;
}
