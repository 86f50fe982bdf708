import { randomBytes } from 'node:crypto';
import { describeServiceProcess } from '@tronpay/testing';
import { RedisStreamsClient } from '@tronpay/transport';

describeServiceProcess(
  'wallet',
  ({ url, prefix }) => new RedisStreamsClient({ url, prefix, requestTimeoutMs: 10_000 }),
  { WALLET_KEK: randomBytes(32).toString('hex') },
);
