import { Controller, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RestartRegistry } from './restart.registry';
import { SystemService } from './system.service';

/**
 * `<service>.status.v1`, `.stats.v1`, `.config.v1` (redacted) and `.restart.v1` over the
 * transport, so the gateway can gather every service's figures and restart one.
 */
export function systemHandlers(service: string): Type<unknown> {
  @Controller()
  class SystemHandlers {
    constructor(
      readonly system: SystemService,
      readonly restarts: RestartRegistry,
    ) {}

    @MessagePattern(`${service}.status.v1`)
    status() {
      return this.system.status();
    }

    @MessagePattern(`${service}.stats.v1`)
    stats() {
      return this.system.allStats();
    }

    @MessagePattern(`${service}.config.v1`)
    config() {
      return this.system.config();
    }

    @MessagePattern(`${service}.restart.v1`)
    restart() {
      return this.restarts.restart();
    }
  }
  return SystemHandlers;
}
