export const NETWORK_NAMES = ['mainnet', 'nile', 'shasta', 'devnet'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

export interface NetworkPreset {
  name: NetworkName;
  /** Full nodes speaking the java-tron HTTP API, tried in order with fail-over. */
  nodeUrls: string[];
  /**
   * The canonical USDT-TRC20 contract (base58). `null` on the devnet: it deploys its own
   * USDT at start and reports the address in `GET /admin/info`.
   */
  usdtContract: string | null;
  /** Whether webhook endpoints may be plain http on loopback (local receivers). */
  allowsLocalWebhooks: boolean;
}

export const NETWORK_PRESETS: Readonly<Record<NetworkName, NetworkPreset>> = {
  mainnet: {
    name: 'mainnet',
    nodeUrls: ['https://api.trongrid.io'],
    usdtContract: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    allowsLocalWebhooks: false,
  },
  nile: {
    name: 'nile',
    nodeUrls: ['https://nile.trongrid.io'],
    usdtContract: 'TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf',
    allowsLocalWebhooks: false,
  },
  shasta: {
    name: 'shasta',
    nodeUrls: ['https://api.shasta.trongrid.io'],
    usdtContract: 'TG3XXyExBkPp9nzdajDZsozEu4BkaSJozs',
    allowsLocalWebhooks: false,
  },
  devnet: {
    name: 'devnet',
    nodeUrls: ['http://127.0.0.1:9090'],
    usdtContract: null,
    allowsLocalWebhooks: true,
  },
};
