import { ApiProperty } from '@nestjs/swagger';
import { Page, PAYOUT_CURRENCIES, PAYOUT_STATUSES, PayoutApproval, PayoutBatchReply, PayoutCurrency, PayoutStatus, PayoutView } from '@tronpay/models';

/** API.md's Payout, held to the payout contract by `implements`. */
export class PayoutApprovalResponse implements PayoutApproval {
  @ApiProperty({ example: 'api-key:3f0c...' })
  by: string;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class PayoutResponse implements PayoutView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: PAYOUT_CURRENCIES })
  currency: PayoutCurrency;

  @ApiProperty({ example: '25.5', description: 'whole units' })
  amount: string;

  @ApiProperty({ description: 'base58' })
  to: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  recipientId: string | null;

  @ApiProperty({ type: String, nullable: true })
  reference: string | null;

  @ApiProperty({ enum: ['v0', 'kyc'] })
  route: 'v0' | 'kyc';

  @ApiProperty({ enum: PAYOUT_STATUSES })
  status: PayoutStatus;

  @ApiProperty({ type: String, nullable: true })
  txId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'TRX spent on the transfer, whole units' })
  fee: string | null;

  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;

  @ApiProperty({ type: [PayoutApprovalResponse] })
  approvals: PayoutApprovalResponse[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class PayoutBatchResponse implements PayoutBatchReply {
  @ApiProperty({ type: [PayoutResponse] })
  data: PayoutResponse[];
}

export class PayoutPageResponse implements Page<PayoutView> {
  @ApiProperty({ type: [PayoutResponse] })
  data: PayoutResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
