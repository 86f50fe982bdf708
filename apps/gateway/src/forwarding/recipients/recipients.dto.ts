import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { KYC_LEVELS } from '@tronpay/models';
import { IsTronAddress } from '../tron-values';
import { Optional } from '../../http/optional.decorator';

const EXTERNAL_ID = /^[\x21-\x7e][\x20-\x7e]*$/;
const ADDRESSES = { type: String, isArray: true, maxItems: 100, description: 'Known addresses: base58 (T...) or hex (41...)' } as const;

export class CreateRecipientDto {
  @ApiProperty({ maxLength: 200, description: 'Your id for this person or business', example: 'user-1042' })
  @IsString()
  @MaxLength(200)
  @Matches(EXTERNAL_ID, { message: 'externalId must be printable ASCII, not starting with a space' })
  externalId: string;

  @ApiProperty({ enum: KYC_LEVELS, description: '0: none (V0 limits); 1-3: verified levels (KYC limits)' })
  @IsIn(KYC_LEVELS)
  kycLevel: number;

  @ApiProperty(ADDRESSES)
  @IsArray()
  @ArrayMaxSize(100)
  @IsTronAddress({ each: true })
  addresses: string[];
}

export class UpdateRecipientDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  @Matches(EXTERNAL_ID, { message: 'externalId must be printable ASCII, not starting with a space' })
  externalId?: string;

  @ApiPropertyOptional({ enum: KYC_LEVELS })
  @Optional()
  @IsIn(KYC_LEVELS)
  kycLevel?: number;

  @ApiPropertyOptional({ ...ADDRESSES, description: 'Replaces the known addresses' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsTronAddress({ each: true })
  addresses?: string[];
}
