import { Injectable } from '@nestjs/common';
import { NetworkReply, TRON_CLIENT_NETWORK_GET } from '@tronpay/models';
import { Forwarder } from '../forwarder.service';

/** What tron-client knows of the chain and its node pool. */
@Injectable()
export class NetworkService {
  constructor(private readonly forwarder: Forwarder) {}

  get(): Promise<NetworkReply> {
    return this.forwarder.request(TRON_CLIENT_NETWORK_GET, {});
  }
}
