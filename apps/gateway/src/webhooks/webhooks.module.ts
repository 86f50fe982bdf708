import { Module } from '@nestjs/common';
import { MetricsService } from '@tronpay/observability';
import { HostResolver } from './host-resolver';
import { SsrfGuard } from './ssrf-guard';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WEBHOOKS_METRICS, WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEventsController } from './webhook-events.controller';
import { WebhookEventsRepository } from './webhook-events.repository';
import { WebhookEventsService } from './webhook-events.service';
import { WebhookQueue } from './webhook-queue';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook-sender';
import { WebhookWorker } from './webhook-worker';
import { WebhooksLifecycle } from './webhooks.lifecycle';
import { WebhooksMetrics } from './webhooks.metrics';

/**
 * Webhook endpoints, delivery (BullMQ), the delivery log and redelivery. Features that record
 * events (EventsService, in their transaction) call WebhookDispatcher.kick(), or
 * EventCommits.committed() when importing this module would make a cycle, after the commit.
 */
@Module({
  controllers: [WebhookEndpointsController, WebhookEventsController],
  providers: [
    HostResolver,
    SsrfGuard,
    WebhookSecrets,
    WebhookEndpointsRepository,
    WebhookEndpointsService,
    WebhookEventsRepository,
    WebhookEventsService,
    WebhookDeliveriesRepository,
    WebhookSender,
    WebhookDeliveryService,
    WebhookQueue,
    WebhookWorker,
    WebhookDispatcher,
    WebhooksLifecycle,
    {
      provide: WEBHOOKS_METRICS,
      inject: [MetricsService, WebhookDeliveriesRepository],
      useFactory: (metrics: MetricsService, deliveries: WebhookDeliveriesRepository) =>
        new WebhooksMetrics(metrics.registry, async () => (await deliveries.countPending()).pending),
    },
  ],
  exports: [WebhookDispatcher],
})
export class WebhooksModule {}
