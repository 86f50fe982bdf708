import { describeServiceProcess } from '@tronpay/testing';
import { RedisStreamsClient } from '@tronpay/transport';

describeServiceProcess('wallet', ({ url, prefix }) => new RedisStreamsClient({ url, prefix, requestTimeoutMs: 10_000 }));
