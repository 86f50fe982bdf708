import type { NestExpressApplication } from '@nestjs/platform-express';
import type { StartOptions } from '@tronpay/runtime';
import { authMiddleware } from './auth/auth.middleware';
import { ApiKeysService } from './auth/api-keys.service';
import { setupOpenApi } from './openapi/openapi';

/** How the gateway's HTTP side differs from other services': keys on every route, OpenAPI, its own /status and /stats. */
export const gatewayStartOptions: Pick<StartOptions, 'systemRoutes' | 'configure'> = {
  systemRoutes: false,
  configure: (app: NestExpressApplication) => {
    app.use(authMiddleware(app.get(ApiKeysService)));
    setupOpenApi(app);
  },
};
