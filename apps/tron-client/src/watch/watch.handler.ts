import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TRON_CLIENT_WATCH_ADD, WatchAddRequest } from '@tronpay/models';
import { WatchService } from './watch.service';

@Controller()
export class WatchHandler {
  constructor(private readonly watch: WatchService) {}

  @MessagePattern(TRON_CLIENT_WATCH_ADD)
  add(@Payload() request: WatchAddRequest) {
    return this.watch.add(request);
  }
}
