import { Controller, Get } from '@nestjs/common';
import { SystemService } from './system.service';

@Controller()
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @Get('status')
  status() {
    return this.system.status();
  }

  @Get('stats')
  stats() {
    return this.system.allStats();
  }
}
