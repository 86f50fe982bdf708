import { Module } from '@nestjs/common';

/** The payout service's features; the runtime gives it health, metrics, status, stats and the transport. */
@Module({})
export class PayoutModule {}
