import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsTronAddress } from '../tron-values';
import { Optional } from '../../http/optional.decorator';

export const WALLET_KINDS = ['hot', 'cold', 'watch', 'multisig', 'hardware'] as const;
export type WalletKind = (typeof WALLET_KINDS)[number];

const LABEL = /^[\x20-\x7e]*\S[\x20-\x7e]*$/;

export class WalletSignerDto {
  @ApiProperty({ description: 'base58 (T...) or hex (41...)', example: 'TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy' })
  @IsTronAddress()
  address: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 1 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  weight?: number;
}

export class CreateWalletDto {
  @ApiProperty({ maxLength: 100, example: 'payouts hot wallet' })
  @IsString()
  @MaxLength(100)
  @Matches(LABEL, { message: 'label must be printable ASCII and not blank' })
  label: string;

  @ApiProperty({ enum: WALLET_KINDS, description: 'hot: its key is derived and kept here; the others are addresses whose keys live elsewhere' })
  @IsIn(WALLET_KINDS)
  kind: WalletKind;

  @ApiPropertyOptional({ description: 'Required for every kind but hot; base58 (T...) or hex (41...)' })
  @Optional()
  @IsTronAddress()
  address?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'multisig: the permission threshold' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  threshold?: number;

  @ApiPropertyOptional({ type: () => [WalletSignerDto], description: 'multisig: every key of the permission with its weight' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WalletSignerDto)
  signers?: WalletSignerDto[];

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 2, description: 'multisig: the permission id our keys sign under' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(100)
  permissionId?: number;

  @ApiPropertyOptional({ maxLength: 50, example: 'treasury' })
  @Optional()
  @IsString()
  @MaxLength(50)
  category?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  owner?: string;
}

export class UpdateWalletDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  @Matches(LABEL, { message: 'label must be printable ASCII and not blank' })
  label?: string;

  @ApiPropertyOptional({ maxLength: 50 })
  @Optional()
  @IsString()
  @MaxLength(50)
  category?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @Optional()
  @IsString()
  @MaxLength(100)
  owner?: string;
}

export class WalletQuery {
  @ApiPropertyOptional({ description: 'Read balances from the chain now instead of the last refresh (at most a minute old)' })
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  refresh?: boolean;
}

export class UnlockWalletsDto {
  @ApiProperty({ minLength: 12, maxLength: 1024, description: 'The operator passphrase (passphrase mode); never stored or logged' })
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  passphrase: string;
}
