import { SERVICE_NAMES, ServiceName } from '@tronpay/config';
import { byKind, Container, find, isEmptySelector, K8sObject, PodSpec, PolicyPeer, PolicyRule, podLabels, selects } from './manifests';

export const SERVICES: readonly ServiceName[] = SERVICE_NAMES;

/** Settings whose values are secrets (libs/config's SECRET_VARS, the wallet's and the gateway's keys, the dev database's). */
const SECRET_SETTINGS = new Set(['WALLET_KEK', 'WALLET_KEK_PREVIOUS', 'GATEWAY_SECRET_KEY', 'DATABASE_URL', 'REDIS_URL', 'ADMIN_API_KEY', 'TRON_API_KEY', 'POSTGRES_PASSWORD']);

export function isSecretName(name: string): boolean {
  if (name.endsWith('_FILE')) return false;
  return SECRET_SETTINGS.has(name) || /PASSWORD|PASSPHRASE|SECRET|TOKEN|PRIVATE_KEY|MNEMONIC|API_KEY|_KEK$/.test(name);
}

/** A value that is a secret whatever its name: a URL with a password, a 32-byte hex key, an API key or webhook secret. */
export function looksSecret(value: string): boolean {
  return /:\/\/[^/@\s:]*:[^/@\s]+@/.test(value) || /^[0-9a-f]{64}$/i.test(value) || /^(tp_|whsec_)/.test(value);
}

function containersOf(pod: PodSpec): Container[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** Pod and container hardening, probes, resources, and secrets only as mounted files. */
export function workloadViolations(objects: K8sObject[]): string[] {
  const out: string[] = [];
  if (byKind(objects, 'Secret').length) out.push(`Secret objects rendered (${byKind(objects, 'Secret').map((s) => s.metadata.name).join(', ')}): secrets are made outside the repository`);
  for (const cm of byKind(objects, 'ConfigMap')) {
    for (const [k, v] of Object.entries(cm.data ?? {})) {
      if (isSecretName(k) || looksSecret(v)) out.push(`ConfigMap ${cm.metadata.name}: ${k} is a secret`);
    }
  }
  for (const d of byKind(objects, 'Deployment')) {
    const name = `Deployment ${d.metadata.name}`;
    const pod = d.spec?.template?.spec;
    if (!pod) {
      out.push(`${name}: no pod template`);
      continue;
    }
    if (pod.automountServiceAccountToken !== false) out.push(`${name}: mounts a service account token`);
    if (pod.enableServiceLinks !== false) out.push(`${name}: enableServiceLinks is not false`);
    if (pod.hostNetwork) out.push(`${name}: hostNetwork`);
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') out.push(`${name}: seccompProfile is not RuntimeDefault`);
    if (pod.serviceAccountName) {
      const sa = find(objects, 'ServiceAccount', pod.serviceAccountName);
      if (!sa) out.push(`${name}: ServiceAccount ${pod.serviceAccountName} is not rendered`);
      else if (sa.automountServiceAccountToken !== false) out.push(`ServiceAccount ${sa.metadata.name}: automountServiceAccountToken is not false`);
    }
    const secretMounts = new Map<string, string>(); // mount path -> Secret name
    for (const c of containersOf(pod)) {
      for (const m of c.volumeMounts ?? []) {
        const v = pod.volumes?.find((x) => x.name === m.name);
        if (!v) out.push(`${name}/${c.name}: volume ${m.name} is not defined`);
        else if (v.secret) {
          secretMounts.set(m.mountPath, v.secret.secretName);
          if (m.readOnly !== true) out.push(`${name}/${c.name}: Secret volume ${m.name} is not read-only`);
        }
      }
    }
    const service = SERVICES.includes(d.metadata.name as ServiceName);
    for (const c of containersOf(pod)) {
      const where = `${name}/${c.name}`;
      if (!c.livenessProbe) out.push(`${where}: no livenessProbe`);
      if (!c.readinessProbe) out.push(`${where}: no readinessProbe`);
      if (service) {
        const ports = (c.ports ?? []).map((p) => p.name);
        if (c.livenessProbe?.httpGet?.path !== '/health/live') out.push(`${where}: livenessProbe is not GET /health/live`);
        if (c.readinessProbe?.httpGet?.path !== '/health/ready') out.push(`${where}: readinessProbe is not GET /health/ready`);
        for (const p of [c.livenessProbe, c.readinessProbe]) {
          const port = p?.httpGet?.port;
          if (port !== undefined && typeof port === 'string' && !ports.includes(port)) out.push(`${where}: probe port ${port} is not a container port`);
        }
      }
      for (const kind of ['requests', 'limits'] as const) {
        for (const r of ['cpu', 'memory']) if (!c.resources?.[kind]?.[r]) out.push(`${where}: no ${kind}.${r}`);
      }
      const sc = c.securityContext;
      if (sc?.readOnlyRootFilesystem !== true) out.push(`${where}: readOnlyRootFilesystem is not true`);
      if (sc?.allowPrivilegeEscalation !== false) out.push(`${where}: allowPrivilegeEscalation is not false`);
      if (sc?.privileged) out.push(`${where}: privileged`);
      if ((sc?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) out.push(`${where}: runAsNonRoot is not true`);
      if ((sc?.runAsUser ?? pod.securityContext?.runAsUser) === 0) out.push(`${where}: runs as uid 0`);
      if (!sc?.capabilities?.drop?.includes('ALL')) out.push(`${where}: capabilities do not drop ALL`);
      if (sc?.capabilities?.add?.length) out.push(`${where}: adds capabilities ${sc.capabilities.add.join(', ')}`);
      if (!/:[\w][\w.-]*$|@sha256:[0-9a-f]{64}$/.test(c.image) || c.image.endsWith(':latest')) out.push(`${where}: image ${c.image} has no pinned tag`);
      for (const e of c.envFrom ?? []) if (e.secretRef) out.push(`${where}: secret ${e.secretRef.name} as environment (mount it and use *_FILE)`);
      for (const e of c.env ?? []) {
        if (e.valueFrom?.secretKeyRef) out.push(`${where}: ${e.name} from a secretKeyRef (mount the Secret and use ${e.name}_FILE)`);
        if (e.value === undefined) continue;
        if (isSecretName(e.name) || looksSecret(e.value)) out.push(`${where}: secret ${e.name} inlined`);
        if (e.name.endsWith('_FILE') && isSecretName(e.name.slice(0, -5))) {
          const mount = [...secretMounts.keys()].find((p) => e.value?.startsWith(`${p}/`));
          if (!mount) out.push(`${where}: ${e.name} is not in a mounted Secret`);
        }
      }
    }
  }
  return out;
}

/** Every service with its Deployment, Service, ServiceAccount, ConfigMap, PDB, ServiceMonitor, NetworkPolicy (and HPA where asked). */
export function completenessViolations(objects: K8sObject[], options: { hpa: readonly string[] }): string[] {
  const out: string[] = [];
  for (const s of SERVICES) {
    const d = find(objects, 'Deployment', s);
    if (!d) {
      out.push(`${s}: no Deployment`);
      continue;
    }
    const labels = podLabels(d);
    const pod = d.spec?.template?.spec;
    if (!selects(d.spec?.selector, labels)) out.push(`${s}: the Deployment's selector does not select its pods`);
    if (pod?.serviceAccountName !== s || !find(objects, 'ServiceAccount', s)) out.push(`${s}: no ServiceAccount of its own`);
    const configs = (pod?.containers[0]?.envFrom ?? []).map((e) => e.configMapRef?.name).filter((n): n is string => !!n);
    for (const cm of configs) if (!find(objects, 'ConfigMap', cm)) out.push(`${s}: ConfigMap ${cm} is not rendered`);
    if (!configs.some((n) => n.startsWith(`${s}-config`))) out.push(`${s}: no ConfigMap of its own`);
    const svc = find(objects, 'Service', s);
    if (!svc) out.push(`${s}: no Service`);
    else if (!selects({ matchLabels: (svc.spec as { selector?: Record<string, string> }).selector }, labels)) out.push(`${s}: the Service does not select its pods`);
    const pdb = byKind(objects, 'PodDisruptionBudget').find((p) => selects(p.spec?.selector, labels));
    if (!pdb) out.push(`${s}: no PodDisruptionBudget`);
    const monitor = byKind(objects, 'ServiceMonitor').find((m) => svc && selects(m.spec?.selector, svc.metadata.labels));
    if (!monitor) out.push(`${s}: no ServiceMonitor`);
    else {
      for (const e of monitor.spec?.endpoints ?? []) {
        if (!svc?.spec?.ports?.some((p) => p.name === e.port)) out.push(`${s}: the ServiceMonitor scrapes port ${e.port}, which the Service does not have`);
        if (e.path !== '/metrics') out.push(`${s}: the ServiceMonitor scrapes ${e.path}`);
      }
    }
    const own = byKind(objects, 'NetworkPolicy').filter((p) => !isEmptySelector(p.spec?.podSelector) && p.spec?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === s);
    if (!own.length) out.push(`${s}: no NetworkPolicy of its own`);
    const hpa = byKind(objects, 'HorizontalPodAutoscaler').find((h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === s);
    if (options.hpa.includes(s) && !hpa) out.push(`${s}: no HorizontalPodAutoscaler`);
    if (!options.hpa.includes(s) && hpa) out.push(`${s}: has a HorizontalPodAutoscaler`);
  }
  return out;
}

// Address ranges that are not the internet (RFC 1918, CGNAT, loopback, link-local).
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'];

function ipv4(cidr: string): { base: number; bits: number } | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return null;
  const [a, b, c, d, bits] = m.slice(1).map(Number);
  return { base: ((a << 24) | (b << 16) | (c << 8) | d) >>> 0, bits };
}

function within(inner: string, outer: string): boolean {
  const i = ipv4(inner);
  const o = ipv4(outer);
  if (!i || !o || i.bits < o.bits) return false;
  const mask = o.bits === 0 ? 0 : (~0 << (32 - o.bits)) >>> 0;
  return ((i.base & mask) >>> 0) === ((o.base & mask) >>> 0);
}

/** A peer outside every private range (an IPv6 block counts as public). */
export function isInternetPeer(peer: PolicyPeer): boolean {
  const cidr = peer.ipBlock?.cidr;
  return !!cidr && !PRIVATE.some((p) => within(cidr, p));
}

export function ingressFromAnywhere(rule: PolicyRule): boolean {
  return (
    !rule.from ||
    rule.from.length === 0 ||
    rule.from.some((p) => (p.ipBlock && isInternetPeer(p)) || (isEmptySelector(p.namespaceSelector) && (!p.podSelector || isEmptySelector(p.podSelector))))
  );
}

export function egressToInternet(rule: PolicyRule): boolean {
  return !rule.to || rule.to.length === 0 || rule.to.some(isInternetPeer);
}

export interface PodRules {
  policies: K8sObject[];
  ingress: PolicyRule[];
  egress: PolicyRule[];
  /** Some selecting policy isolates this direction. */
  ingressIsolated: boolean;
  egressIsolated: boolean;
}

/** What the NetworkPolicies of its namespace allow a pod with these labels. */
export function rulesFor(objects: K8sObject[], labels: Record<string, string>): PodRules {
  const policies = byKind(objects, 'NetworkPolicy').filter((p) => selects(p.spec?.podSelector, labels));
  const types = (p: K8sObject) => p.spec?.policyTypes ?? (p.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
  return {
    policies,
    ingress: policies.flatMap((p) => (types(p).includes('Ingress') ? (p.spec?.ingress ?? []) : [])),
    egress: policies.flatMap((p) => (types(p).includes('Egress') ? (p.spec?.egress ?? []) : [])),
    ingressIsolated: policies.some((p) => types(p).includes('Ingress')),
    egressIsolated: policies.some((p) => types(p).includes('Egress')),
  };
}

const portsOf = (rule: PolicyRule) => (rule.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).sort();

function reaches(rules: PolicyRule[], label: [string, string], port: number): boolean {
  return rules.some(
    (r) => portsOf(r).includes(`${port}/TCP`) && (r.to ?? []).some((p) => p.podSelector?.matchLabels?.[label[0]] === label[1] && (p.namespaceSelector === undefined || isEmptySelector(p.namespaceSelector))),
  );
}

const isDns = (r: PolicyRule) =>
  portsOf(r).join(',') === '53/TCP,53/UDP' && (r.to ?? []).every((p) => p.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns' && p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system');
const isDatastore = (r: PolicyRule) =>
  (r.to ?? []).length > 0 && (r.to ?? []).every((p) => !!p.podSelector?.matchLabels?.['tronpay.io/datastore']) && portsOf(r).every((p) => p === '5432/TCP' || p === '6379/TCP');

/** Default deny; gateway alone open to anyone; tron-client alone on the internet (gateway: webhooks on 443); wallet: datastores and DNS. */
export function networkViolations(objects: K8sObject[]): string[] {
  const out: string[] = [];
  const denyAll = byKind(objects, 'NetworkPolicy').find(
    (p) => isEmptySelector(p.spec?.podSelector) && ['Ingress', 'Egress'].every((t) => p.spec?.policyTypes?.includes(t)) && !p.spec?.ingress?.length && !p.spec?.egress?.length,
  );
  if (!denyAll) out.push('no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)');
  for (const d of byKind(objects, 'Deployment')) {
    const name = d.metadata.name;
    const labels = podLabels(d);
    const r = rulesFor(objects, labels);
    if (!r.ingressIsolated || !r.egressIsolated) out.push(`${name}: not isolated in both directions`);
    const anywhere = r.ingress.filter(ingressFromAnywhere);
    if (name === 'gateway') {
      if (!anywhere.length) out.push('gateway: takes no ingress from outside');
      for (const rule of anywhere) if (portsOf(rule).join(',') !== 'http/TCP') out.push(`gateway: ingress from anywhere on ${portsOf(rule).join(',') || 'every port'}`);
    } else if (anywhere.length) out.push(`${name}: takes ingress from anywhere`);
    const internet = r.egress.filter(egressToInternet);
    if (name === 'tron-client') {
      if (!internet.length) out.push('tron-client: no internet egress (TRON nodes)');
      for (const rule of internet) {
        if (!rule.ports?.length) out.push('tron-client: internet egress on every port');
        if (!(rule.to ?? []).every((p) => p.ipBlock?.except?.includes('169.254.0.0/16'))) out.push('tron-client: internet egress reaches link-local (metadata) addresses');
      }
    } else if (name === 'gateway') {
      for (const rule of internet) {
        if (portsOf(rule).join(',') !== '443/TCP') out.push(`gateway: internet egress on ${portsOf(rule).join(',') || 'every port'} (webhooks need 443 only)`);
        for (const p of rule.to ?? []) {
          const missing = PRIVATE.filter((range) => !p.ipBlock?.except?.includes(range));
          if (missing.length) out.push(`gateway: webhook egress does not exclude ${missing.join(', ')}`);
        }
      }
    } else if (internet.length) out.push(`${name}: has internet egress`);
    if (SERVICES.includes(name as ServiceName)) {
      if (!reaches(r.egress, ['tronpay.io/datastore', 'postgresql'], 5432)) out.push(`${name}: cannot reach PostgreSQL`);
      if (!reaches(r.egress, ['tronpay.io/datastore', 'redis'], 6379)) out.push(`${name}: cannot reach Redis`);
      const scraped = r.ingress.some(
        (rule) => portsOf(rule).includes('http/TCP') && (ingressFromAnywhere(rule) || (rule.from ?? []).some((p) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'prometheus')),
      );
      if (!scraped) out.push(`${name}: Prometheus cannot scrape it`);
    }
    if (name === 'wallet') {
      const other = r.egress.filter((rule) => !isDns(rule) && !isDatastore(rule));
      if (other.length) out.push(`wallet: egress beyond PostgreSQL, Redis and DNS: ${JSON.stringify(other)}`);
    }
    if (name !== 'tron-client' && name !== 'gateway') {
      const unrestricted = r.egress.filter((rule) => !rule.to?.length);
      if (unrestricted.length) out.push(`${name}: egress to every destination`);
    }
  }
  return out;
}
