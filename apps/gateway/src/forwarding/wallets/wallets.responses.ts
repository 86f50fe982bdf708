import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditView, LockStateReply, Page, WalletView } from '@tronpay/models';
import { WALLET_KINDS, WalletKind } from './wallets.dto';
import type { WalletDetail } from './wallets.service';

/** The documented shapes of the wallet routes' answers, held to the wallet service's contracts by `implements`. */
export class WalletSignerResponse {
  @ApiProperty({ description: 'base58' })
  address: string;

  @ApiProperty()
  weight: number;
}

export class WalletResponse implements WalletView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ enum: WALLET_KINDS })
  kind: WalletKind;

  @ApiProperty({ description: 'base58' })
  address: string;

  @ApiProperty({ type: String, nullable: true })
  category: string | null;

  @ApiProperty({ type: String, nullable: true })
  owner: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt: string | null;

  @ApiPropertyOptional({ description: 'multisig only' })
  threshold?: number;

  @ApiPropertyOptional({ type: [WalletSignerResponse], description: 'multisig only' })
  signers?: WalletSignerResponse[];
}

export class WalletBalanceResponse {
  @ApiProperty({ example: '12.5', description: 'whole TRX' })
  trx: string;

  @ApiProperty({ type: String, nullable: true, example: '3.25', description: 'whole USDT; null when the network has no USDT contract' })
  usdt: string | null;

  @ApiProperty({ example: '0', description: 'energy available now' })
  energy: string;

  @ApiProperty({ example: '600', description: 'bandwidth available now' })
  bandwidth: string;

  @ApiProperty({ format: 'date-time' })
  refreshedAt: string;
}

export class ErrorSummaryResponse {
  @ApiProperty()
  code: string;

  @ApiProperty()
  message: string;
}

export class WalletDetailResponse extends WalletResponse implements WalletDetail {
  @ApiProperty({ type: WalletBalanceResponse, nullable: true })
  balance: WalletBalanceResponse | null;

  @ApiPropertyOptional({ type: ErrorSummaryResponse, description: 'Why balance is null' })
  balanceError?: ErrorSummaryResponse;
}

export class WalletPageResponse implements Page<WalletView> {
  @ApiProperty({ type: [WalletResponse] })
  data: WalletResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class AuditEntryResponse implements AuditView {
  @ApiProperty()
  id: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ example: 'api-key:3f0c...' })
  actor: string;

  @ApiProperty({ example: 'sign' })
  action: string;

  @ApiProperty({ example: 'ok' })
  outcome: string;

  @ApiProperty({ type: String, nullable: true })
  purpose: string | null;

  @ApiProperty({ type: String, nullable: true })
  reference: string | null;

  @ApiProperty({ type: String, nullable: true })
  txId: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;
}

export class AuditPageResponse implements Page<AuditView> {
  @ApiProperty({ type: [AuditEntryResponse] })
  data: AuditEntryResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class LockStateResponse implements LockStateReply {
  @ApiProperty()
  locked: boolean;
}
