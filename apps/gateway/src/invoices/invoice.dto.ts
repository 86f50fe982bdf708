import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { INVOICE_STATUSES, InvoiceStatus } from '@tronpay/models';
import { ListQuery } from '../http/pagination';
import { Optional } from '../http/optional.decorator';

const PRINTABLE = /^[\x20-\x7e]+$/;

export class CreateInvoiceDto {
  @ApiProperty({ enum: ['TRX', 'USDT'] })
  @IsIn(['TRX', 'USDT'])
  currency: 'TRX' | 'USDT';

  @ApiProperty({ description: 'Whole units as a decimal string, at most 6 decimals, more than 0', example: '10.5' })
  @IsString()
  @MaxLength(40)
  amount: string;

  @ApiPropertyOptional({ minimum: 60, maximum: 86_400, default: 900 })
  @Optional()
  @IsInt()
  @Min(60)
  @Max(86_400)
  expiresInSeconds?: number;

  @ApiPropertyOptional({ maxLength: 200, description: "The merchant's order reference" })
  @Optional()
  @IsString()
  @MaxLength(200)
  @Matches(PRINTABLE, { message: 'orderId must be printable ASCII' })
  orderId?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form JSON object, at most 4 KB' })
  @Optional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class ListInvoicesQuery extends ListQuery {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES })
  @Optional()
  @IsIn(INVOICE_STATUSES)
  status?: InvoiceStatus;

  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  orderId?: string;
}
