import { ApiProperty } from '@nestjs/swagger';
import { KYC_LEVELS, RecipientView } from '@tronpay/models';

export class RecipientResponse implements RecipientView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  externalId: string;

  @ApiProperty({ enum: KYC_LEVELS })
  kycLevel: number;

  @ApiProperty({ type: [String], description: 'base58' })
  addresses: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
