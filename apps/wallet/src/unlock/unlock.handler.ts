import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LockRequest, UnlockRequest, WALLET_LOCK, WALLET_UNLOCK } from '@tronpay/models';
import { UnlockService } from './unlock.service';

@Controller()
export class UnlockHandler {
  constructor(private readonly unlocks: UnlockService) {}

  @MessagePattern(WALLET_UNLOCK)
  unlock(@Payload() request: UnlockRequest) {
    return this.unlocks.unlock(request.passphrase, request.requestedBy);
  }

  @MessagePattern(WALLET_LOCK)
  lock(@Payload() request: LockRequest) {
    return this.unlocks.lock(request.requestedBy);
  }
}
