import { Controller, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { SystemService } from './system.service';

/** `<service>.status.v1` and `<service>.stats.v1` over the transport, so the gateway can gather every service's figures. */
export function systemHandlers(service: string): Type<unknown> {
  @Controller()
  class SystemHandlers {
    constructor(readonly system: SystemService) {}

    @MessagePattern(`${service}.status.v1`)
    status() {
      return this.system.status();
    }

    @MessagePattern(`${service}.stats.v1`)
    stats() {
      return this.system.allStats();
    }
  }
  return SystemHandlers;
}
