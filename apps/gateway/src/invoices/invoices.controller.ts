import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScope } from '../auth/scopes.decorator';
import { IdempotentReq } from '../idempotency/idempotency-key.decorator';
import { IdempotencyService, IdempotentRequest } from '../idempotency/idempotency.service';
import { respond } from '../idempotency/idempotent-response';
import { CreateInvoiceDto, ListInvoicesQuery } from './invoice.dto';
import { InvoicesService } from './invoices.service';

@ApiTags('invoices')
@ApiBearerAuth()
@Controller('v1/invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @RequireScope('invoices:write')
  @ApiOperation({ summary: 'Create an invoice with a fresh deposit address' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-255 characters; the same key and body give the first response again' })
  @ApiCreatedResponse({ description: 'The invoice' })
  async create(@IdempotentReq() req: IdempotentRequest, @Body() dto: CreateInvoiceDto, @Res({ passthrough: true }) res: Response) {
    return respond(res, await this.idempotency.run(req, (tx) => this.invoices.create(req.principal, dto, tx)));
  }

  @Get()
  @RequireScope('invoices:read')
  @ApiOperation({ summary: 'List invoices, newest first' })
  @ApiOkResponse({ description: '{data: [Invoice], nextCursor}' })
  list(@Query() query: ListInvoicesQuery) {
    return this.invoices.list(query);
  }

  @Get(':id')
  @RequireScope('invoices:read')
  @ApiOperation({ summary: 'An invoice with its payments' })
  get(@Param('id') id: string) {
    return this.invoices.get(id);
  }
}
