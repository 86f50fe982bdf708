// Lint fixture (never built or run): a util lib may not depend on the transport lib.
import { RedisStreamsClient } from '@tronpay/transport';

export const leaked = RedisStreamsClient;
