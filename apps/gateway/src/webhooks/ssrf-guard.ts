import { isIP, LookupFunction } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import * as ipaddr from 'ipaddr.js';
import type { AppConfig } from '@tronpay/config';
import { APP_CONFIG } from '@tronpay/runtime';
import { HostResolver, ResolvedAddress } from './host-resolver';
import { WebhookUrlRefusedError } from './webhooks.errors';

export const MAX_URL_LENGTH = 2048;

const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address (100.64/10)',
  private: 'a private address (RFC 1918)',
  uniqueLocal: 'a unique-local IPv6 address',
  reserved: 'a reserved address',
};

/**
 * Why an address may not receive webhooks, or null when it may. Only public unicast passes:
 * everything ipaddr.js puts in a special range (loopback, private, link-local, CGNAT,
 * unique-local, multicast, NAT64, 6to4...) is refused, IPv4-mapped IPv6 judged as its IPv4.
 */
export function refusedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  let ip = ipaddr.parse(address);
  let mapped = false;
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    ip = (ip as ipaddr.IPv6).toIPv4Address();
    mapped = true;
  }
  const range = ip.range();
  if (range === 'unicast') return null;
  return `${address} is ${mapped ? 'an IPv4-mapped form of ' : ''}${RANGE_NAMES[range] ?? `in the special range ${range}`}`;
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * The SSRF rule of API.md. Outside the devnet network a webhook URL must be https, carry no
 * credentials, and reach only public addresses, checked when it is registered and again at
 * each delivery: `lookup` is given to node:http(s) so that every address the request may
 * connect to is the one just checked, which defeats DNS rebinding. On the devnet network plain
 * http and local addresses are allowed, so that a receiver on the developer's machine works.
 */
@Injectable()
export class SsrfGuard {
  private readonly strict: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly resolver: HostResolver,
  ) {
    this.strict = !config.network.allowsLocalWebhooks;
  }

  /** The URL's form and, for an IP literal, its address; names are checked when resolved. */
  parse(text: string): URL {
    if (text.length > MAX_URL_LENGTH) throw new WebhookUrlRefusedError(`longer than ${MAX_URL_LENGTH} characters`);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new WebhookUrlRefusedError('not an absolute URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlRefusedError('only http(s) URLs can receive webhooks');
    if (this.strict && url.protocol !== 'https:') throw new WebhookUrlRefusedError('must be https outside the devnet network');
    // Credentials would be shown in every listing and log line of the endpoint.
    if (url.username || url.password) throw new WebhookUrlRefusedError('must not contain credentials');
    if (!url.hostname) throw new WebhookUrlRefusedError('has no host');
    if (!this.strict) return url;
    const host = hostOf(url).toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost')) throw new WebhookUrlRefusedError(`${host} is a loopback name`);
    if (isIP(host)) this.checkAddress(host);
    return url;
  }

  /** At registration: the form, and every address the name resolves to now. */
  async check(text: string): Promise<URL> {
    const url = this.parse(text);
    const host = hostOf(url);
    if (!this.strict || isIP(host)) return url;
    let addresses: ResolvedAddress[];
    try {
      addresses = await this.resolver.resolve(host);
    } catch {
      throw new WebhookUrlRefusedError(`${host} does not resolve`);
    }
    if (addresses.length === 0) throw new WebhookUrlRefusedError(`${host} does not resolve`);
    for (const a of addresses) this.checkAddress(a.address);
    return url;
  }

  /** A `lookup` for node:http(s).request that refuses the connection when any resolved address is refused. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolver.resolve(hostname).then(
      (all) => {
        try {
          if (this.strict) for (const a of all) this.checkAddress(a.address);
        } catch (e) {
          return callback(e as NodeJS.ErrnoException, '', 0);
        }
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
        const usable = family ? all.filter((a) => a.family === family) : all;
        if (usable.length === 0) {
          const err: NodeJS.ErrnoException = Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          return callback(err, '', 0);
        }
        if (options.all) return callback(null, usable);
        callback(null, usable[0].address, usable[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };

  private checkAddress(address: string): void {
    const reason = refusedAddressReason(address);
    if (reason) throw new WebhookUrlRefusedError(reason);
  }
}
