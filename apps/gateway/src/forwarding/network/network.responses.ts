import { ApiProperty } from '@nestjs/swagger';
import type { NetworkReply } from '@tronpay/models';

export class NodeResponse {
  @ApiProperty({ description: 'The node\'s origin (never a path, query or key)' })
  url: string;

  @ApiProperty()
  healthy: boolean;

  @ApiProperty({ type: Number, nullable: true })
  latencyMs: number | null;
}

export class NetworkResponse implements NetworkReply {
  @ApiProperty({ example: 'mainnet' })
  network: string;

  @ApiProperty({ type: Number, nullable: true })
  headBlock: number | null;

  @ApiProperty({ type: Number, nullable: true })
  solidBlock: number | null;

  @ApiProperty({ type: [NodeResponse] })
  nodes: NodeResponse[];
}
