import { Module } from '@nestjs/common';

/** Sweeping confirmed deposits to the treasury (issue 8). */
@Module({})
export class SweepsModule {}
