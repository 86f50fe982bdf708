import { Module } from '@nestjs/common';
import { NodesModule } from '../nodes/nodes.module';
import { SentByHandler } from './sent-by.handler';
import { SentByService } from './sent-by.service';

/** `tron-client.tx.sent-by.v1`: what accounts sent in a range of solidified blocks (the payout service's search after a restore). */
@Module({
  imports: [NodesModule],
  controllers: [SentByHandler],
  providers: [SentByService],
})
export class SentByModule {}
