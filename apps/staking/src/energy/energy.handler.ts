import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EnergyAcquireRequest, EnergyLeaseRequest, STAKING_ENERGY_ACQUIRE, STAKING_ENERGY_GET, STAKING_ENERGY_RELEASE } from '@tronpay/models';
import { EnergyService } from './energy.service';

/** The energy manager's contract (libs/models/src/contracts/energy-commands.ts). */
@Controller()
export class EnergyHandler {
  constructor(private readonly energy: EnergyService) {}

  @MessagePattern(STAKING_ENERGY_ACQUIRE)
  acquire(@Payload() request: EnergyAcquireRequest) {
    return this.energy.acquire(request);
  }

  @MessagePattern(STAKING_ENERGY_RELEASE)
  release(@Payload() request: EnergyLeaseRequest) {
    return this.energy.release(request.key);
  }

  @MessagePattern(STAKING_ENERGY_GET)
  get(@Payload() request: EnergyLeaseRequest) {
    return this.energy.get(request.key);
  }
}
