import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, SERVICE_NAMES, ServiceName } from '@tronpay/config';
import { APP_CONFIG, RestartRegistry, RestartReport, SystemService } from '@tronpay/runtime';
import { Forwarder } from '../forwarding/forwarder.service';
import { publicErrorOf } from '../forwarding/transport-errors';
import { GatewayError } from '../http/gateway.errors';
import { serviceNamed } from './service-names';

/** A look-around should answer fast even when services are away: their entry says so instead. */
const GATHER_DEADLINE_MS = 2_000;
/** A restart drains in-flight work first, which takes as long as that work. */
const RESTART_DEADLINE_MS = 30_000;

export type Reported = Record<string, unknown> | { error: { code: string; message: string } };
export type ServiceState = ({ state: 'up' } & Record<string, unknown>) | { state: 'down'; error: { code: string; message: string } };

const failure = (e: unknown) =>
  e instanceof GatewayError ? publicErrorOf(e) : { code: 'upstream_error', message: 'The service answered in a way the gateway cannot read' };

/**
 * The operator's view of every service: each one's stats, status and redacted configuration over
 * the transport (the gateway's own locally), and restarts. One service away never fails the whole answer.
 */
@Injectable()
export class OperationsService {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly system: SystemService,
    private readonly restarts: RestartRegistry,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {}

  /** The gateway's own stats at the top, as every service's /stats has them, and each service's under `services`. */
  async stats(): Promise<Record<string, unknown> & { collectedAt: string; services: Record<string, Reported> }> {
    const own = this.system.allStats();
    const services = await this.gather<Reported>(async (s) => {
      try {
        return await (s === 'gateway' ? own : this.statsOf(s));
      } catch (e) {
        return { error: failure(e) };
      }
    });
    return { ...(await own.catch(() => ({}))), collectedAt: new Date().toISOString(), services };
  }

  /** One service's stats; unlike the overview, one that does not answer is an error. */
  serviceStats(name: string): Promise<Record<string, unknown>> {
    return this.statsOf(this.resolve(name));
  }

  async status(): Promise<Record<string, unknown>> {
    const own = this.system.status();
    const services = await this.gather<ServiceState>(async (s) => {
      if (s === 'gateway') return { state: 'up', ...own };
      try {
        return { state: 'up', ...(await this.ask<Record<string, unknown>>(s, 'status')) };
      } catch (e) {
        return { state: 'down', error: failure(e) };
      }
    });
    const allUp = Object.values(services).every((s) => s.state === 'up');
    return { ...own, overall: allUp ? 'up' : 'degraded', services };
  }

  async config(): Promise<{ services: Record<string, Reported> }> {
    const services = await this.gather<Reported>(async (s) => {
      if (s === 'gateway') return this.system.config();
      try {
        return await this.ask<Record<string, unknown>>(s, 'config');
      } catch (e) {
        return { error: failure(e) };
      }
    });
    return { services };
  }

  async restart(name: string): Promise<{ service: ServiceName } & RestartReport> {
    const service = this.resolve(name);
    const report = service === 'gateway' ? await this.restarts.restart() : await this.ask<RestartReport>(service, 'restart', RESTART_DEADLINE_MS);
    return { service, ...report };
  }

  private async statsOf(service: ServiceName): Promise<Record<string, unknown>> {
    return service === 'gateway' ? this.system.allStats() : this.ask(service, 'stats');
  }

  private resolve(name: string): ServiceName {
    const service = serviceNamed(name);
    if (!service) throw new GatewayError(404, 'service_not_found', `No service is named ${JSON.stringify(name.slice(0, 40))}`);
    return service;
  }

  private ask<T>(service: ServiceName, what: 'stats' | 'status' | 'config' | 'restart', timeoutMs = this.gatherDeadline()): Promise<T> {
    return this.forwarder.request<T>(`${service}.${what}.v1`, {}, { timeoutMs });
  }

  private gatherDeadline(): number {
    return Math.min(GATHER_DEADLINE_MS, this.appConfig.transport.requestTimeoutMs);
  }

  private async gather<T>(each: (service: ServiceName) => Promise<T>): Promise<Record<string, T>> {
    const entries = await Promise.all(SERVICE_NAMES.map(async (s) => [s, await each(s)] as const));
    return Object.fromEntries(entries);
  }
}
