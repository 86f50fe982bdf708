import { ApiProperty } from '@nestjs/swagger';
import { STAKE_RESOURCES, StakeResource, StakingOperationKind, StakingOperationView, StakingView } from '@tronpay/models';

const KINDS: StakingOperationKind[] = ['freeze', 'unfreeze', 'withdraw', 'delegate', 'undelegate', 'vote', 'claim-rewards', 'cancel-unfreezes', 'topup'];

/** The staking contract's shapes as /docs shows them, held to it by `implements`. */
export class VoteResponse {
  @ApiProperty({ description: 'base58' })
  witness: string;

  @ApiProperty()
  count: number;
}

export class StakingOperationResponse implements StakingOperationView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  walletId: string;

  @ApiProperty({ enum: KINDS })
  kind: StakingOperationKind;

  @ApiProperty({ enum: ['pending', 'broadcast', 'confirmed', 'failed'] })
  status: 'pending' | 'broadcast' | 'confirmed' | 'failed';

  @ApiProperty({ type: String, nullable: true, description: 'whole TRX' })
  amount: string | null;

  @ApiProperty({ enum: STAKE_RESOURCES, nullable: true })
  resource: StakeResource | null;

  @ApiProperty({ type: String, nullable: true, description: 'base58' })
  receiver: string | null;

  @ApiProperty({ type: Number, nullable: true })
  lockPeriodBlocks: number | null;

  @ApiProperty({ type: [VoteResponse], nullable: true })
  votes: VoteResponse[] | null;

  @ApiProperty({ type: String, nullable: true })
  txId: string | null;

  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class FrozenResponse {
  @ApiProperty({ description: 'whole TRX' })
  energy: string;

  @ApiProperty({ description: 'whole TRX' })
  bandwidth: string;
}

export class DelegationResponse {
  @ApiProperty({ description: 'base58' })
  receiver: string;

  @ApiProperty({ enum: STAKE_RESOURCES })
  resource: StakeResource;

  @ApiProperty({ description: 'whole TRX' })
  amount: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lockedUntil: string | null;
}

export class PendingUnfreezeResponse {
  @ApiProperty({ enum: STAKE_RESOURCES })
  resource: StakeResource;

  @ApiProperty({ description: 'whole TRX' })
  amount: string;

  @ApiProperty({ format: 'date-time' })
  withdrawableAt: string;
}

export class ResourceResponse {
  @ApiProperty()
  limit: string;

  @ApiProperty()
  used: string;

  @ApiProperty()
  available: string;
}

export class ResourcesResponse {
  @ApiProperty({ type: ResourceResponse })
  energy: ResourceResponse;

  @ApiProperty({ type: ResourceResponse })
  bandwidth: ResourceResponse;
}

export class StakingResponse implements StakingView {
  @ApiProperty({ format: 'uuid' })
  walletId: string;

  @ApiProperty({ description: 'base58' })
  address: string;

  @ApiProperty({ type: FrozenResponse })
  frozen: FrozenResponse;

  @ApiProperty({ type: [DelegationResponse] })
  delegated: DelegationResponse[];

  @ApiProperty({ type: [PendingUnfreezeResponse] })
  pendingUnfreezes: PendingUnfreezeResponse[];

  @ApiProperty({ type: [VoteResponse] })
  votes: VoteResponse[];

  @ApiProperty({ description: 'Unclaimed voting rewards, whole TRX' })
  rewards: string;

  @ApiProperty({ type: ResourcesResponse })
  resources: ResourcesResponse;
}
