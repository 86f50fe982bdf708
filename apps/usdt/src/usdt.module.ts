import { Module } from '@nestjs/common';

/** The usdt service's features; the runtime gives it health, metrics, status, stats and the transport. */
@Module({})
export class UsdtModule {}
