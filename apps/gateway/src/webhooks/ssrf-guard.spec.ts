import type { LookupAddress } from 'node:dns';
import type { AppConfig } from '@tronpay/config';
import { HostResolver, ResolvedAddress } from './host-resolver';
import { refusedAddressReason, SsrfGuard } from './ssrf-guard';
import { WebhookUrlRefusedError } from './webhooks.errors';

const config = (allowsLocalWebhooks: boolean) => ({ network: { allowsLocalWebhooks } }) as AppConfig;

/** A resolver with fixed answers; names it does not know go to the system's DNS. */
class FixedResolver extends HostResolver {
  constructor(private readonly answers: Record<string, string[]>) {
    super();
  }
  override async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const known = this.answers[hostname];
    if (!known) return super.resolve(hostname);
    return known.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }
}

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WebhookUrlRefusedError) return e.reason;
    throw e;
  }
  return undefined;
}

async function asyncReasonOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WebhookUrlRefusedError) return e.reason;
    throw e;
  }
  return undefined;
}

function lookup(guard: SsrfGuard, host: string, all: boolean): Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[] }> {
  return new Promise((resolve) => guard.lookup(host, { all }, (err, address) => resolve({ err, address })));
}

describe('refusedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped form of a loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped form of a private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped form of a link-local'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
  ])('refuses %s (%s)', (address, what) => {
    expect(refusedAddressReason(address)).toContain(what);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows public %s', (address) => {
    expect(refusedAddressReason(address)).toBeNull();
  });
});

describe('SsrfGuard outside the devnet network', () => {
  const guard = new SsrfGuard(config(false), new FixedResolver({ 'shop.example': ['93.184.216.34'], 'mixed.example': ['93.184.216.34', '10.0.0.7'], 'rebind.example': ['127.0.0.1'] }));

  it.each([
    ['http://shop.example/hook', 'https'],
    ['https://user:pw@shop.example/hook', 'credentials'],
    ['https://localhost/hook', 'loopback name'],
    ['https://api.localhost/hook', 'loopback name'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'],
    ['https://0x7f.1/hook', 'loopback'],
    ['https://10.0.0.1/hook', 'private'],
    ['https://[::1]/hook', 'loopback'],
    ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['ftp://shop.example/hook', 'http(s)'],
    ['not a url', 'absolute URL'],
  ])('refuses %s (%s)', (url, why) => {
    expect(reasonOf(() => guard.parse(url))).toContain(why);
  });

  it('checks every address a name resolves to at registration', async () => {
    await expect(guard.check('https://shop.example/hook')).resolves.toBeInstanceOf(URL);
    expect(await asyncReasonOf(guard.check('https://mixed.example/hook'))).toContain('10.0.0.7 is a private address');
    expect(await asyncReasonOf(guard.check('https://no-such-host.invalid/hook'))).toContain('does not resolve');
  });

  it('refuses, in the connection lookup, a name that now resolves to loopback', async () => {
    const refused = await lookup(guard, 'rebind.example', true);
    expect(refused.err).toBeInstanceOf(WebhookUrlRefusedError);
    expect(refused.err?.message).toContain('127.0.0.1 is a loopback address');
    const real = await lookup(new SsrfGuard(config(false), new HostResolver()), 'localhost', false);
    expect(real.err).toBeInstanceOf(WebhookUrlRefusedError);
    expect(await lookup(guard, 'shop.example', true)).toEqual({ err: null, address: [{ address: '93.184.216.34', family: 4 }] });
    expect(await lookup(guard, 'shop.example', false)).toEqual({ err: null, address: '93.184.216.34' });
  });
});

describe('SsrfGuard on the devnet network', () => {
  const guard = new SsrfGuard(config(true), new HostResolver());

  it('allows plain http to loopback, still without credentials', async () => {
    await expect(guard.check('http://127.0.0.1:8080/hook')).resolves.toBeInstanceOf(URL);
    await expect(guard.check('http://localhost:8080/hook')).resolves.toBeInstanceOf(URL);
    expect(reasonOf(() => guard.parse('http://a:b@127.0.0.1/hook'))).toContain('credentials');
    const resolved = await lookup(guard, 'localhost', true);
    expect(resolved.err).toBeNull();
    expect((resolved.address as LookupAddress[]).map((a) => a.address)).toEqual(expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]));
  });
});
