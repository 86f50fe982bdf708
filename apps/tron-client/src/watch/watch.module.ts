import { Module } from '@nestjs/common';
import { StatsRegistry } from '@tronpay/runtime';
import { WatchHandler } from './watch.handler';
import { WatchRepository } from './watch.repository';
import { WatchService } from './watch.service';

@Module({
  controllers: [WatchHandler],
  providers: [WatchRepository, WatchService],
  exports: [WatchService],
})
export class WatchModule {
  constructor(stats: StatsRegistry, watch: WatchService) {
    stats.register('watched', () => ({ addresses: watch.size }));
  }
}
