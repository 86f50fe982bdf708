import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../auth/scopes.decorator';
import { NetworkResponse } from './network.responses';
import { NetworkService } from './network.service';

@ApiTags('network')
@ApiBearerAuth()
@Controller('v1/network')
export class NetworkController {
  constructor(private readonly network: NetworkService) {}

  @Get()
  @RequireScope('any')
  @ApiOperation({ summary: 'The TRON network, its head and solidified blocks, and the node pool' })
  @ApiOkResponse({ type: NetworkResponse })
  get() {
    return this.network.get();
  }
}
