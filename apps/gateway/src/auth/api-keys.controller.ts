import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GatewayError } from '../http/gateway.errors';
import { isUuid, ListQuery } from '../http/pagination';
import { CreateApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';
import { CurrentPrincipal, RequireScope } from './scopes.decorator';

@ApiTags('api-keys')
@ApiBearerAuth()
@RequireScope('admin')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Mint an API key (admin). The key is in this response only.' })
  @ApiCreatedResponse({ description: '{id, name, prefix, scopes, createdAt, revokedAt, key}' })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiKeyDto) {
    return this.keys.mint(principal, dto.name, dto.scopes);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (admin); never the keys themselves' })
  list(@Query() query: ListQuery) {
    return this.keys.list(query.limit, query.cursor);
  }

  @Post(':id/revoke')
  @ApiOperation({ summary: 'Revoke an API key (admin)' })
  revoke(@Param('id') id: string) {
    if (!isUuid(id)) throw GatewayError.notFound('api_key');
    return this.keys.revoke(id);
  }
}
