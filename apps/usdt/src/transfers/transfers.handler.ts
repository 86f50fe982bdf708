import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  USDT_TRANSFERS_BUILD,
  USDT_TRANSFERS_ESTIMATE,
  USDT_TRANSFERS_GET,
  USDT_TRANSFERS_SEND,
  UsdtTransferBuildReply,
  UsdtTransferBuildRequest,
  UsdtTransferEstimate,
  UsdtTransferEstimateRequest,
  UsdtTransferGetRequest,
  UsdtTransferSendRequest,
} from '@tronpay/models';
import { TransferBuilder } from './transfer-builder.service';
import { TransfersService } from './transfers.service';

@Controller()
export class TransfersHandler {
  constructor(
    private readonly builder: TransferBuilder,
    private readonly transfers: TransfersService,
  ) {}

  @MessagePattern(USDT_TRANSFERS_ESTIMATE)
  async estimate(@Payload() request: UsdtTransferEstimateRequest): Promise<UsdtTransferEstimate> {
    const { prices: _prices, ...estimate } = await this.builder.estimate({ ...request, amount: BigInt(request.amount) });
    return estimate;
  }

  @MessagePattern(USDT_TRANSFERS_BUILD)
  build(@Payload() request: UsdtTransferBuildRequest): Promise<UsdtTransferBuildReply> {
    return this.builder.buildForCaller({ ...request, amount: BigInt(request.amount), feeLimit: request.feeLimitSun === undefined ? undefined : BigInt(request.feeLimitSun) });
  }

  @MessagePattern(USDT_TRANSFERS_SEND)
  send(@Payload() request: UsdtTransferSendRequest) {
    return this.transfers.send(request);
  }

  @MessagePattern(USDT_TRANSFERS_GET)
  get(@Payload() request: UsdtTransferGetRequest) {
    return this.transfers.get(request.key);
  }
}
