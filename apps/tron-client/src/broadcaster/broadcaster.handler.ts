import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TRON_CLIENT_TX_BROADCAST, TRON_CLIENT_TX_GET, TxBroadcastRequest, TxGetRequest } from '@tronpay/models';
import { BroadcasterService } from './broadcaster.service';

@Controller()
export class BroadcasterHandler {
  constructor(private readonly broadcaster: BroadcasterService) {}

  @MessagePattern(TRON_CLIENT_TX_BROADCAST)
  broadcast(@Payload() request: TxBroadcastRequest) {
    return this.broadcaster.broadcast(request);
  }

  @MessagePattern(TRON_CLIENT_TX_GET)
  get(@Payload() request: TxGetRequest) {
    return this.broadcaster.get(request.txId);
  }
}
