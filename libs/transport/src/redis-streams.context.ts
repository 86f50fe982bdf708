import { BaseRpcContext } from '@nestjs/microservices';
import type { MessageKind } from './redis-streams.options';

export interface RedisStreamsMessageInfo {
  stream: string;
  entryId: string;
  /** The sender's message id: stable across redeliveries, a natural idempotency key. */
  messageId: string;
  pattern: string;
  kind: MessageKind;
  /** Epoch ms after which the caller stops waiting (commands only). */
  deadline?: number;
  redelivered: boolean;
}

/** What `@Ctx()` gives a handler on this transport. */
export class RedisStreamsContext extends BaseRpcContext<[RedisStreamsMessageInfo]> {
  constructor(info: RedisStreamsMessageInfo) {
    super([info]);
  }

  getInfo(): RedisStreamsMessageInfo {
    return this.args[0];
  }

  getMessageId(): string {
    return this.args[0].messageId;
  }

  getPattern(): string {
    return this.args[0].pattern;
  }

  getDeadline(): number | undefined {
    return this.args[0].deadline;
  }

  isRedelivery(): boolean {
    return this.args[0].redelivered;
  }
}
