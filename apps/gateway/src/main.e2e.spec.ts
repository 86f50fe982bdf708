import { randomBytes } from 'node:crypto';
import { describeServiceProcess } from '@tronpay/testing';
import { RedisStreamsClient } from '@tronpay/transport';

const adminKey = `tp_admin_${randomBytes(18).toString('hex')}`;

describeServiceProcess(
  'gateway',
  ({ url, prefix }) => new RedisStreamsClient({ url, prefix, requestTimeoutMs: 10_000 }),
  { GATEWAY_SECRET_KEY: randomBytes(32).toString('hex'), ADMIN_API_KEY: adminKey, TRANSPORT_REQUEST_TIMEOUT_MS: '1000' },
  { authorization: `Bearer ${adminKey}` },
);
