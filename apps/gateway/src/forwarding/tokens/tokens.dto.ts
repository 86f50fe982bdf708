import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsTronAddress } from '../tron-values';

export class AddTokenDto {
  @ApiProperty({ description: 'The TRC20 contract, base58 (T...) or hex (41...)', example: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t' })
  @IsTronAddress()
  contract: string;

  @ApiPropertyOptional({ description: 'What you expect its symbol to be; refused when the chain says otherwise', example: 'USDC' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,16}$/, { message: 'symbol must be 1-16 of A-Z a-z 0-9 . _ -' })
  symbol?: string;

  @ApiPropertyOptional({ description: 'What you expect its decimals to be; refused when the chain says otherwise', example: 6 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(77)
  decimals?: number;
}
