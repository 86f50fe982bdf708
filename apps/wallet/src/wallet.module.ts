import { Module } from '@nestjs/common';

/** The wallet service's features; the runtime gives it health, metrics, status, stats and the transport. */
@Module({})
export class WalletModule {}
