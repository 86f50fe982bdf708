import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/scopes.decorator';
import { OperationsService } from './operations.service';
import { SERVICE_PATH_NAMES } from './service-names';

const SERVICE_PARAM = { name: 'service', enum: SERVICE_PATH_NAMES, description: 'An operator name (wallet-manager) or a service name (wallet)' };

@ApiTags('operations')
@ApiBearerAuth()
@Controller()
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get('stats')
  @RequireScope('any')
  @ApiOperation({
    summary: 'Every service\'s stats, gathered now',
    description: 'The gateway\'s own stats, plus collectedAt and services: {<service>: stats | {error: {code, message}}}',
  })
  stats() {
    return this.operations.stats();
  }

  @Get(':service/stats')
  @RequireScope('any')
  @ApiParam(SERVICE_PARAM)
  @ApiOperation({ summary: 'One service\'s stats (tron-client, wallet-manager, usdt-manager, trx-staking, payment-gateway, payout-router)' })
  serviceStats(@Param('service') service: string) {
    return this.operations.serviceStats(service);
  }

  @Get('status')
  @RequireScope('any')
  @ApiOperation({
    summary: 'The gateway\'s status and whether each service answers',
    description: '{service, version, network, startedAt, uptimeSeconds, pid, node, overall: up|degraded, services: {<service>: {state: up, ...} | {state: down, error}}}',
  })
  status() {
    return this.operations.status();
  }

  @Get('config')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Every service\'s configuration, secrets shown only as set or unset (admin)', description: '{services: {<service>: config | {error}}}' })
  config() {
    return this.operations.config();
  }

  @Post('restart/:service')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiParam(SERVICE_PARAM)
  @ApiOperation({
    summary: 'Restart a service\'s workers and connections after draining in-flight work (admin)',
    description: 'Answers when the service is ready again: {service, restarted: [parts], durationMs}',
  })
  restart(@Param('service') service: string) {
    return this.operations.restart(service);
  }
}
