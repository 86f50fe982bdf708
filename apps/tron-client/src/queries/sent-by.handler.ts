import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TRON_CLIENT_TX_SENT_BY, TxSentByRequest } from '@tronpay/models';
import { SentByService } from './sent-by.service';

@Controller()
export class SentByHandler {
  constructor(private readonly sent: SentByService) {}

  @MessagePattern(TRON_CLIENT_TX_SENT_BY)
  sentBy(@Payload() request: TxSentByRequest) {
    return this.sent.sentBy(request.owners, request.fromBlock, request.toBlock);
  }
}
