import type { AppConfig } from '@tronpay/config';
import type { GatewaySettings } from '../gateway.settings';
import { HostResolver, ResolvedAddress } from './host-resolver';
import { SsrfGuard } from './ssrf-guard';
import { freeLocalPort, Receiver, startConnectionCounter, startReceiver } from './testing-kit';
import { WebhookSender } from './webhook-sender';

const settings = { webhooks: { timeoutMs: 500 } } as GatewaySettings;
const devnet = new SsrfGuard({ network: { allowsLocalWebhooks: true } } as AppConfig, new HostResolver());

/** A name that resolves to loopback, as a rebinding attacker's DNS would answer at delivery time. */
class RebindingResolver extends HostResolver {
  override async resolve(hostname: string): Promise<ResolvedAddress[]> {
    return hostname === 'rebind.example' ? [{ address: '127.0.0.1', family: 4 }] : super.resolve(hostname);
  }
}
const mainnet = new SsrfGuard({ network: { allowsLocalWebhooks: false } } as AppConfig, new RebindingResolver());

describe('WebhookSender (real HTTP on 127.0.0.1)', () => {
  const receivers: Receiver[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };
  afterAll(async () => {
    for (const r of receivers) await r.close();
  });

  it('POSTs the body and headers as given and reports a 2xx', async () => {
    const rx = await receiver({ respond: () => 204 });
    const sent = await new WebhookSender(devnet, settings).post(`${rx.url}?a=1`, '{"x":1}', { 'Content-Type': 'application/json', 'X-Test': 'yes' });
    expect(sent).toMatchObject({ result: 'success', statusCode: 204, error: null });
    expect(rx.requests).toEqual([expect.objectContaining({ method: 'POST', path: '/hooks?a=1', body: '{"x":1}' })]);
    expect(rx.requests[0].headers).toMatchObject({ 'content-type': 'application/json', 'x-test': 'yes', 'content-length': '7' });
  });

  it('does not follow a redirect', async () => {
    const target = await receiver();
    const rx = await startReceiver({ respond: () => 302 });
    receivers.push(rx);
    const sent = await new WebhookSender(devnet, settings).post(rx.url, '{}', {});
    expect(sent).toMatchObject({ result: 'http_error', statusCode: 302, error: 'HTTP 302' });
    expect(target.requests).toHaveLength(0);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const rx = await receiver({ respond: () => 'hang' });
    const sent = await new WebhookSender(devnet, settings).post(rx.url, '{}', {});
    expect(sent).toMatchObject({ result: 'timeout', statusCode: null, error: 'timed out after 500 ms' });
  });

  it('reports a refused connection without quoting the URL', async () => {
    const port = await freeLocalPort();
    const sent = await new WebhookSender(devnet, settings).post(`http://127.0.0.1:${port}/x?token=sekrit-token`, '{}', {});
    expect(sent.result).toBe('network_error');
    expect(sent.error).toContain('ECONNREFUSED');
    expect(sent.error).not.toContain('sekrit');
  });

  it('outside the devnet network, never connects to a name that resolves to loopback, nor to a loopback literal', async () => {
    const counter = await startConnectionCounter();
    try {
      const sender = new WebhookSender(mainnet, settings);
      const rebound = await sender.post(`https://rebind.example:${counter.port}/hook`, '{}', {});
      expect(rebound).toMatchObject({ result: 'refused', statusCode: null, error: 'refused: 127.0.0.1 is a loopback address' });
      const literal = await sender.post(`https://127.0.0.1:${counter.port}/hook`, '{}', {});
      expect(literal).toMatchObject({ result: 'refused', error: 'refused: 127.0.0.1 is a loopback address' });
      const plain = await sender.post(`http://93.184.216.34:${counter.port}/hook`, '{}', {});
      expect(plain).toMatchObject({ result: 'refused', error: 'refused: must be https outside the devnet network' });
      expect(counter.connections()).toBe(0);
    } finally {
      await counter.close();
    }
  });
});
