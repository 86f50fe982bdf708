import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { NextDepositAddressReply, TokenListReply, TRON_CLIENT_TOKENS_LIST, WALLET_DEPOSIT_ADDRESS_NEXT } from '@tronpay/models';
import { generateAccount } from '@tronpay/tron';
import { RedisStreamsServer } from '@tronpay/transport';

export interface NeighbourState {
  issued: NextDepositAddressReply[];
  usdt: string;
}

/**
 * The gateway's neighbours for specs that do not need the chain: the wallet's deposit address
 * command (fresh random addresses), tron-client's token list and a usdt service, over the real transport.
 */
export async function startNeighbours(redis: { url: string; prefix: string }, usdt: string): Promise<NeighbourState & { close(): Promise<void> }> {
  const state: NeighbourState = { issued: [], usdt };

  @Controller()
  class WalletStandIn {
    @MessagePattern(WALLET_DEPOSIT_ADDRESS_NEXT)
    next(): NextDepositAddressReply {
      const reply = { address: generateAccount().base58, index: state.issued.length };
      state.issued.push(reply);
      return reply;
    }
  }

  @Controller()
  class TronClientStandIn {
    @MessagePattern(TRON_CLIENT_TOKENS_LIST)
    list(): TokenListReply {
      return { tokens: [{ contract: state.usdt, symbol: 'USDT', decimals: 6, canonical: true }] };
    }
  }

  /** The usdt service runs but serves nothing the gateway asks yet: it answers `no_handler` at once. */
  @Controller()
  class UsdtStandIn {
    @MessagePattern('usdt.stand-in.v1')
    nothing() {
      return {};
    }
  }

  const serve = async (service: string, controller: new () => unknown): Promise<INestMicroservice> => {
    @Module({ controllers: [controller] })
    class StandInModule {}
    const app = await NestFactory.createMicroservice(StandInModule, {
      strategy: new RedisStreamsServer({ url: redis.url, prefix: redis.prefix, service, blockMs: 200 }),
      logger: false,
    });
    await app.listen();
    return app;
  };
  const apps = [await serve('wallet', WalletStandIn), await serve('tron-client', TronClientStandIn), await serve('usdt', UsdtStandIn)];
  return Object.assign(state, { close: async () => void (await Promise.all(apps.map((a) => a.close()))) });
}
