import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CombineSignaturesRequest, SignRequest, WALLET_MULTISIG_COMBINE, WALLET_SIGN } from '@tronpay/models';
import { MultisigService } from './multisig.service';
import { SigningService } from './signing.service';

@Controller()
export class SigningHandler {
  constructor(
    private readonly service: SigningService,
    private readonly multisig: MultisigService,
  ) {}

  @MessagePattern(WALLET_SIGN)
  sign(@Payload() request: SignRequest) {
    return this.service.sign(request);
  }

  @MessagePattern(WALLET_MULTISIG_COMBINE)
  combine(@Payload() request: CombineSignaturesRequest) {
    return this.multisig.combine(request);
  }
}
