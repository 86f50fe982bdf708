import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/scopes.decorator';
import { SweepResponse } from './sweep.view';
import { ListSweepsQuery, ListUnknownTokensQuery } from './sweeps.dto';
import { SweepsService } from './sweeps.service';

@ApiTags('sweeps')
@ApiBearerAuth()
@Controller('v1/sweeps')
export class SweepsController {
  constructor(private readonly sweeps: SweepsService) {}

  @Get()
  @RequireScope('wallets:read')
  @ApiOperation({ summary: 'Sweeps of confirmed deposits to the treasury, newest first' })
  @ApiOkResponse({ description: '{data: [Sweep], nextCursor}' })
  list(@Query() query: ListSweepsQuery) {
    return this.sweeps.list(query);
  }

  @Get('unknown-tokens')
  @RequireScope('wallets:read')
  @ApiOperation({ summary: 'Tokens outside the registry sent to our deposit addresses: never credited, never swept' })
  @ApiOkResponse({ description: '{data: [{contract, name, symbol, decimals, to, from, amount (base units), txId, logIndex, blockNumber, blockTime, seenAt}], nextCursor}' })
  unknownTokens(@Query() query: ListUnknownTokensQuery) {
    return this.sweeps.unknownTokens(query);
  }

  @Get(':id')
  @RequireScope('wallets:read')
  @ApiOperation({ summary: 'A sweep with its legs (transfers) and the deposits it moves' })
  @ApiOkResponse({ type: SweepResponse })
  get(@Param('id') id: string) {
    return this.sweeps.get(id);
  }
}
