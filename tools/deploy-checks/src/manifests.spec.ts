import { byKind, Container, find, K8sObject, PolicyRule, render } from './manifests';
import { completenessViolations, networkViolations, SERVICES, workloadViolations } from './policy';
import { schemaErrors } from './schemas';

const WITH_HPA = SERVICES.filter((s) => s !== 'wallet');

/** Every optional field present: the rendered objects are read as they are, a missing one throws. */
type Full<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]-?: Full<NonNullable<T[K]>> } : T;
function get(objects: K8sObject[], kind: string, name: string): Full<K8sObject> {
  const o = find(objects, kind, name);
  if (!o) throw new Error(`${kind} ${name} is not rendered`);
  return o as Full<K8sObject>;
}
const clone = (objects: K8sObject[]): K8sObject[] => JSON.parse(JSON.stringify(objects)) as K8sObject[];
const container = (objects: K8sObject[], deployment: string) => get(objects, 'Deployment', deployment).spec.template.spec.containers[0] as Full<Container>;
const env = (objects: K8sObject[], deployment: string) => Object.fromEntries((container(objects, deployment).env ?? []).map((e) => [e.name, e.value]));
const common = (objects: K8sObject[]) => (byKind(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('tronpay-common')) as Full<K8sObject>).data;

describe('deploy/: kustomize renders, schemas and policies', () => {
  const rendered: Record<'base' | 'dev' | 'prod', K8sObject[]> = { base: [], dev: [], prod: [] };

  beforeAll(async () => {
    [rendered.base, rendered.dev, rendered.prod] = await Promise.all([render('deploy/base'), render('deploy/overlays/dev'), render('deploy/overlays/prod')]);
  }, 60_000);

  it.each(['base', 'dev', 'prod'] as const)('%s: every rendered object validates against its Kubernetes or Prometheus Operator schema', (which) => {
    const objects = rendered[which];
    expect(objects.length).toBeGreaterThan(40);
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  it.each(['dev', 'prod'] as const)('%s: everything in one namespace that enforces the restricted Pod Security Standard', (which) => {
    const objects = rendered[which];
    const [ns] = byKind(objects, 'Namespace');
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== ns.metadata.name).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  it.each(['dev', 'prod'] as const)('%s: every container has both probes, requests and limits, non-root, a read-only root, no capabilities; secrets only as mounted files', (which) => {
    expect(workloadViolations(rendered[which])).toEqual([]);
  });

  it('every service has its Deployment, Service, ServiceAccount, ConfigMap, PDB, ServiceMonitor, NetworkPolicy; HPA but for wallet', () => {
    expect(completenessViolations(rendered.base, { hpa: WITH_HPA })).toEqual([]);
    expect(completenessViolations(rendered.prod, { hpa: WITH_HPA })).toEqual([]);
    // The dev overlay runs one of each, without autoscaling.
    expect(completenessViolations(rendered.dev, { hpa: [] })).toEqual([]);
  });

  it.each(['dev', 'prod'] as const)('%s: default deny; only the gateway open to anyone; only tron-client (and the gateway, for webhooks on 443) reach the internet; wallet only its datastores', (which) => {
    expect(networkViolations(rendered[which])).toEqual([]);
  });

  it('each service mounts only its own secrets', () => {
    for (const which of ['dev', 'prod'] as const) {
      for (const s of SERVICES) {
        const files = Object.keys(env(rendered[which], s)).filter((n) => n.endsWith('_FILE')).sort();
        const own: Record<string, string[]> = { wallet: ['WALLET_KEK_FILE'], gateway: ['ADMIN_API_KEY_FILE', 'GATEWAY_SECRET_KEY_FILE'], 'tron-client': which === 'prod' ? ['TRON_API_KEY_FILE'] : [] };
        expect([which, s, files]).toEqual([which, s, ['DATABASE_URL_FILE', 'REDIS_URL_FILE', ...(own[s] ?? [])].sort()]);
        const secretVolumes = get(rendered[which], 'Deployment', s).spec.template.spec.volumes.flatMap((v) => (v.secret ? [v.secret.secretName] : []));
        expect(secretVolumes).toEqual([`tronpay-${s}`]);
      }
    }
  });

  it('the heap limit of every service stays under its memory limit', () => {
    const mib = (q: string) => Number(/^(\d+)(Mi|Gi)$/.exec(q)?.[1]) * (q.endsWith('Gi') ? 1024 : 1);
    for (const which of ['dev', 'prod'] as const) {
      for (const s of SERVICES) {
        const heap = Number(/--max-old-space-size=(\d+)/.exec(env(rendered[which], s)['NODE_OPTIONS'] ?? '')?.[1]);
        expect(heap).toBeGreaterThan(0);
        expect(heap).toBeLessThanOrEqual(mib(container(rendered[which], s).resources.limits['memory']) * 0.8);
      }
    }
  });

  it('dev: the devnet network, with its devnet reachable from tron-client alone, and throw-away datastores', () => {
    const objects = rendered.dev;
    expect(common(objects)).toMatchObject({ TRON_NETWORK: 'devnet', TRON_NODE_URLS: 'http://devnet:9090' });
    expect(find(objects, 'Service', 'devnet')?.spec?.ports?.[0]?.port).toBe(9090);
    expect(container(objects, 'devnet').image).toBe('tronpay/devnet:dev');
    for (const s of SERVICES) expect(find(objects, 'Deployment', s)?.spec?.replicas ?? 1).toBe(1);
    const devnetIn = get(objects, 'NetworkPolicy', 'devnet').spec.ingress;
    expect(devnetIn.flatMap((r) => r.from ?? []).map((p) => p.podSelector?.matchLabels)).toEqual([{ 'app.kubernetes.io/name': 'tron-client' }, { 'tronpay.io/devnet-client': 'true' }]);
    const toDevnet = (r: PolicyRule) => (r.to ?? []).some((p) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'devnet');
    const egressToDevnet = byKind(objects, 'NetworkPolicy').filter((p) => (p.spec?.egress ?? []).some(toDevnet));
    expect(egressToDevnet.map((p) => p.spec?.podSelector?.matchLabels)).toEqual([{ 'app.kubernetes.io/name': 'tron-client' }]);
    expect(find(objects, 'Deployment', 'postgres')).toBeDefined();
    expect(find(objects, 'Deployment', 'redis')).toBeDefined();
  });

  it('prod: mainnet, several replicas of everything, a TronGrid key for tron-client, no devnet', () => {
    const objects = rendered.prod;
    expect(common(objects)['TRON_NETWORK']).toBe('mainnet');
    expect(common(objects)['TRON_NODE_URLS']).toBeUndefined();
    expect(find(objects, 'Deployment', 'devnet')).toBeUndefined();
    expect(find(objects, 'Deployment', 'postgres')).toBeUndefined();
    expect(find(objects, 'Deployment', 'wallet')?.spec?.replicas).toBeGreaterThanOrEqual(3);
    for (const s of WITH_HPA) {
      const hpa = get(objects, 'HorizontalPodAutoscaler', s);
      expect([s, hpa.spec.minReplicas >= 3, hpa.spec.maxReplicas > hpa.spec.minReplicas]).toEqual([s, true, true]);
      expect(hpa.spec.minReplicas).toBeGreaterThan(get(rendered.base, 'HorizontalPodAutoscaler', s).spec.minReplicas);
    }
    for (const s of SERVICES) expect(container(objects, s).image).toMatch(new RegExp(`^tronpay/${s}:\\d+\\.\\d+\\.\\d+$`));
    expect(find(objects, 'Deployment', 'tron-client')?.metadata.annotations?.['tronpay.io/scanner']).toMatch(/one leader/);
  });

  it('PrometheusRule: an alert for each thing the issue names', () => {
    const rules = byKind(rendered.prod, 'PrometheusRule').flatMap((r) => (r.spec?.groups ?? []).flatMap((g) => g.rules));
    const alert = (name: string) => rules.find((r) => r.alert === name)?.expr ?? '';
    expect(alert('TronpayScannerLagging')).toMatch(/tronpay_node_head_block[\s\S]*tronpay_scanner_cursor_block/);
    expect(alert('TronpayNoHealthyNode')).toMatch(/tronpay_node_circuit_state/);
    expect(alert('TronpayWebhookDeliveriesFailing')).toMatch(/tronpay_webhook_deliveries_total/);
    expect(alert('TronpayPayoutStuckInBroadcast')).toMatch(/tronpay_payouts_broadcast_past_expiration/);
    expect(alert('TronpayHotWalletBelowFloor')).toMatch(/tronpay_payout_holds_total\{[^}]*reason="insufficient_balance"/);
    expect(alert('TronpayEnergyBurningTrx')).toMatch(/tronpay_energy_burn_planned_sun_total/);
    expect(alert('TronpayTransportDeadLetters')).toMatch(/tronpay_transport_dead_letters_total/);
    expect(alert('TronpayTransportEventsRetried')).toMatch(/kind="event", outcome="error"/);
  });
});

// The checks above must be able to fail: each broken copy of the prod render is caught.
describe('the policy checks catch what they are for', () => {
  let prod: K8sObject[];
  beforeAll(async () => {
    prod = await render('deploy/overlays/prod');
  }, 60_000);

  const broken = (edit: (objects: K8sObject[]) => void) => {
    const objects = clone(prod);
    edit(objects);
    return objects;
  };

  it('a writable root, a missing probe or limit, root, kept capabilities, a mounted token', () => {
    expect(workloadViolations(broken((o) => (container(o, 'gateway').securityContext.readOnlyRootFilesystem = false)))).toEqual(['Deployment gateway/gateway: readOnlyRootFilesystem is not true']);
    expect(workloadViolations(broken((o) => delete (container(o, 'wallet') as Container).readinessProbe))).toContain('Deployment wallet/wallet: no readinessProbe');
    expect(workloadViolations(broken((o) => delete container(o, 'usdt').resources.limits['memory']))).toEqual(['Deployment usdt/usdt: no limits.memory']);
    expect(workloadViolations(broken((o) => (container(o, 'payout').securityContext.runAsUser = 0)))).toEqual(['Deployment payout/payout: runs as uid 0']);
    expect(workloadViolations(broken((o) => (container(o, 'staking').securityContext.capabilities = { drop: ['NET_RAW'], add: [] })))).toEqual(['Deployment staking/staking: capabilities do not drop ALL']);
    expect(workloadViolations(broken((o) => (get(o, 'Deployment', 'tron-client').spec.template.spec.automountServiceAccountToken = true)))).toEqual(['Deployment tron-client: mounts a service account token']);
  });

  it('a secret inlined in env, a ConfigMap or a Secret object, or taken from a secretKeyRef', () => {
    expect(workloadViolations(broken((o) => container(o, 'wallet').env.push({ name: 'WALLET_KEK', value: 'ab'.repeat(32) })))).toEqual(['Deployment wallet/wallet: secret WALLET_KEK inlined']);
    expect(workloadViolations(broken((o) => container(o, 'usdt').env.push({ name: 'X', value: 'postgres://u:hunter2@db/x' })))).toEqual(['Deployment usdt/usdt: secret X inlined']);
    expect(workloadViolations(broken((o) => container(o, 'gateway').env.push({ name: 'ADMIN_API_KEY', valueFrom: { secretKeyRef: { name: 'x', key: 'y' } } })))).toEqual([
      'Deployment gateway/gateway: ADMIN_API_KEY from a secretKeyRef (mount the Secret and use ADMIN_API_KEY_FILE)',
    ]);
    expect(workloadViolations(broken((o) => (common(o)['GATEWAY_SECRET_KEY'] = 'x')))).toEqual([expect.stringMatching(/GATEWAY_SECRET_KEY is a secret/)]);
    expect(workloadViolations(broken((o) => o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tronpay-wallet' } })))).toEqual([expect.stringMatching(/^Secret objects rendered/)]);
    expect(workloadViolations(broken((o) => container(o, 'wallet').env.forEach((e) => e.name === 'WALLET_KEK_FILE' && (e.value = '/etc/kek'))))).toEqual([
      'Deployment wallet/wallet: WALLET_KEK_FILE is not in a mounted Secret',
    ]);
  });

  it('a service left without its ServiceMonitor, PDB or NetworkPolicy', () => {
    const without = (kind: string, name: string) => broken((o) => o.splice(o.findIndex((x) => x.kind === kind && x.metadata.name === name), 1));
    expect(completenessViolations(without('ServiceMonitor', 'usdt'), { hpa: WITH_HPA })).toEqual(['usdt: no ServiceMonitor']);
    expect(completenessViolations(without('PodDisruptionBudget', 'payout'), { hpa: WITH_HPA })).toEqual(['payout: no PodDisruptionBudget']);
    expect(completenessViolations(without('NetworkPolicy', 'staking'), { hpa: WITH_HPA })).toContain('staking: no NetworkPolicy of its own');
    expect(networkViolations(without('NetworkPolicy', 'default-deny'))).toContain('no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)');
  });

  it('ingress from anywhere or internet egress anywhere but where allowed; wallet egress beyond its datastores', () => {
    const policy = (o: K8sObject[], name: string) => get(o, 'NetworkPolicy', name).spec;
    expect(networkViolations(broken((o) => policy(o, 'wallet').ingress.push({ ports: [{ port: 'http' }] })))).toEqual(['wallet: takes ingress from anywhere']);
    expect(networkViolations(broken((o) => policy(o, 'payout').egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] })))).toEqual(['payout: has internet egress']);
    expect(networkViolations(broken((o) => policy(o, 'usdt').ingress.push({ from: [{ namespaceSelector: {} }] })))).toEqual(['usdt: takes ingress from anywhere']);
    expect(networkViolations(broken((o) => policy(o, 'gateway').egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 80 }] })))).toEqual([
      'gateway: internet egress on 80/TCP (webhooks need 443 only)',
      'gateway: webhook egress does not exclude 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16',
    ]);
    expect(networkViolations(broken((o) => policy(o, 'wallet').egress.push({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }], ports: [{ port: 3000 }] })))).toEqual([
      expect.stringMatching(/^wallet: egress beyond PostgreSQL, Redis and DNS/),
    ]);
    expect(networkViolations(broken((o) => (policy(o, 'staking').egress = policy(o, 'staking').egress.filter((r) => r.ports?.[0]?.port !== 6379))))).toEqual(['staking: cannot reach Redis']);
  });

  it('a field of the wrong type or shape fails the schema', () => {
    const o = broken((x) => (container(x, 'gateway').resources.limits['cpu'] = 'a lot'));
    expect(schemaErrors(get(o, 'Deployment', 'gateway'))).toEqual([expect.stringMatching(/limits\/cpu/)]);
    const sm = broken((x) => (get(x, 'ServiceMonitor', 'wallet').spec.endpoints[0].port = 3002 as unknown as string));
    expect(schemaErrors(get(sm, 'ServiceMonitor', 'wallet'))).toEqual([expect.stringMatching(/port/)]);
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' } })).toEqual([expect.stringMatching(/no schema known/)]);
  });
});
