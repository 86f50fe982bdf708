import { ApiProperty } from '@nestjs/swagger';
import { formatDecimal } from '@tronpay/tron';
import type { SweepStatus } from '@tronpay/models';
import type { LegRow, SweepRow } from './sweeps.repository';
import { SWEEP_STATUSES } from './sweeps.dto';

const units = (v: string | null) => (v === null ? null : formatDecimal(BigInt(v), 6));

export class SweepLegResponse {
  @ApiProperty({ enum: ['hot', 'cold'] })
  destination: 'hot' | 'cold';

  @ApiProperty({ description: 'base58' })
  to: string;

  @ApiProperty({ description: 'whole units' })
  amount: string;

  @ApiProperty({ enum: ['pending', 'sending', 'confirmed', 'failed'] })
  status: string;

  @ApiProperty({ type: String, nullable: true })
  txId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'TRX burned by this transfer, whole units' })
  fee: string | null;
}

export class SweepDepositResponse {
  @ApiProperty()
  txId: string;

  @ApiProperty()
  logIndex: number;

  @ApiProperty({ description: 'whole units' })
  amount: string;

  @ApiProperty()
  blockNumber: number;
}

/** A sweep as `GET /v1/sweeps[/:id]` shows it: amounts in whole units, fees in TRX. */
export class SweepResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The deposit address swept (base58)' })
  address: string;

  @ApiProperty({ enum: ['TRX', 'USDT'] })
  currency: 'TRX' | 'USDT';

  @ApiProperty({ description: "'TRX' or the TRC20 contract (base58)" })
  token: string;

  @ApiProperty({ enum: SWEEP_STATUSES })
  status: SweepStatus;

  @ApiProperty({ type: String, nullable: true, description: 'What it moves (the solidified balance when the legs were fixed), whole units' })
  amount: string | null;

  @ApiProperty({ description: 'What the attached deposits add up to, whole units' })
  depositsTotal: string;

  @ApiProperty({ description: 'TRX its transfers burned, whole units' })
  fee: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why it waits, failed or was skipped' })
  reason: string | null;

  @ApiProperty({ type: [SweepLegResponse] })
  legs: SweepLegResponse[];

  @ApiProperty({ type: [SweepDepositResponse] })
  deposits: SweepDepositResponse[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;
}

export function sweepView(s: SweepRow, legs: LegRow[], deposits: Array<{ tx_id: string; log_index: number; amount: string; block_number: string }>): SweepResponse {
  return {
    id: s.id,
    address: s.address,
    currency: s.token === 'TRX' ? 'TRX' : 'USDT',
    token: s.token,
    status: s.status,
    amount: units(s.amount),
    depositsTotal: units(s.deposits_total) as string,
    fee: units(s.fee) as string,
    reason: s.reason,
    legs: legs.map((l) => ({ destination: l.destination, to: l.to_address, amount: units(l.amount) as string, status: l.status, txId: l.tx_id, fee: units(l.fee) })),
    deposits: deposits.map((d) => ({ txId: d.tx_id, logIndex: d.log_index, amount: units(d.amount) as string, blockNumber: Number(d.block_number) })),
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
    completedAt: s.completed_at?.toISOString() ?? null,
  };
}
