import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { byKind, K8sObject, podLabels, selects } from './manifests';

type Relabel = Record<string, unknown>;

const SNAKE: Record<string, string> = { sourceLabels: 'source_labels', targetLabel: 'target_label' };

/** A ServiceMonitor relabeling as Prometheus's relabel_config (the operator's translation). */
function relabel(r: Relabel): Relabel {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [SNAKE[k] ?? k, v]));
}

export interface ScrapeJob {
  job_name: string;
  scrape_interval: string;
  scrape_timeout: string;
  metrics_path: string;
  scheme: string;
  static_configs: Array<{ targets: string[]; labels: Record<string, string> }>;
  metric_relabel_configs: Relabel[];
}

/**
 * Prometheus scrape jobs from the rendered ServiceMonitors, as the Prometheus Operator generates
 * them (job = the Service's name; namespace, service, endpoint, pod and container labels on the
 * target; the endpoint's path, scheme and metric relabelings), with each Service's pods replaced
 * by `address(service)` (a local port) and the interval shortened to `interval` for a test.
 */
export function scrapeJobs(objects: K8sObject[], address: (service: string) => string, interval: string): ScrapeJob[] {
  const jobs: ScrapeJob[] = [];
  for (const monitor of byKind(objects, 'ServiceMonitor')) {
    const namespace = monitor.metadata.namespace ?? 'default';
    const services = byKind(objects, 'Service').filter((s) => (s.metadata.namespace ?? 'default') === namespace && selects(monitor.spec?.selector, s.metadata.labels));
    (monitor.spec?.endpoints ?? []).forEach((endpoint, i) => {
      for (const service of services) {
        const port = service.spec?.ports?.find((p) => p.name === endpoint.port);
        if (!port) continue;
        const selector = { matchLabels: (service.spec as { selector?: Record<string, string> }).selector };
        const deployment = byKind(objects, 'Deployment').find((d) => selects(selector, podLabels(d)));
        const container = deployment?.spec?.template?.spec.containers.find((c) => c.ports?.some((p) => p.name === port.targetPort || p.containerPort === port.targetPort));
        jobs.push({
          job_name: `serviceMonitor/${namespace}/${monitor.metadata.name}/${i}`,
          scrape_interval: interval,
          scrape_timeout: interval,
          metrics_path: endpoint.path ?? '/metrics',
          scheme: endpoint.scheme ?? 'http',
          static_configs: [
            {
              targets: [address(service.metadata.name)],
              labels: {
                job: service.metadata.name,
                namespace,
                service: service.metadata.name,
                endpoint: endpoint.port ?? String(port.port),
                pod: `${deployment?.metadata.name ?? service.metadata.name}-0`,
                container: container?.name ?? '',
              },
            },
          ],
          metric_relabel_configs: (endpoint.metricRelabelings ?? []).map(relabel),
        });
      }
    });
  }
  return jobs;
}

/** Metric names an expression reads (tronpay_*, and up). */
export function metricNames(expr: string): string[] {
  return [...new Set([...expr.matchAll(/\b(tronpay_[a-z0-9_]+|up)\b(?=\s*[{[)\s]|$)/g)].map((m) => m[1]))];
}

export interface MetricFamily {
  name: string;
  type: string;
  help?: string;
}

export function families(text: string): MetricFamily[] {
  const help = new Map([...text.matchAll(/^# HELP (\S+) (.*)$/gm)].map(([, n, h]) => [n, h]));
  return [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type, help: help.get(name) }));
}

// prom-client's process and Node.js metrics keep their own well-known names.
const RUNTIME = /^(process|nodejs)_/;

/** The project's naming rules: tronpay_ prefix, _total only and always on counters, base units (seconds, bytes), help text. */
export function namingViolations(text: string): string[] {
  const out: string[] = [];
  for (const f of families(text)) {
    if (!f.help) out.push(`${f.name}: no HELP`);
    if (f.name.endsWith('_total') !== (f.type === 'counter')) out.push(`${f.name}: a ${f.type}${f.type === 'counter' ? ' not' : ''} ending in _total`);
    if (RUNTIME.test(f.name)) continue;
    if (!f.name.startsWith('tronpay_')) out.push(`${f.name}: no tronpay_ prefix`);
    if (/_(ms|millis|milliseconds|microseconds|minutes|hours|days|kb|mb|gb|kilobytes|megabytes|percent)(_|$)/.test(f.name)) out.push(`${f.name}: not in base units`);
    if ((f.type === 'histogram' || f.type === 'summary') && /duration|latency|time/.test(f.name) && !f.name.endsWith('_seconds')) out.push(`${f.name}: a duration not in _seconds`);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** Every prom-client metric the code of apps/ and libs/ declares, with its type (whether or not a running service registered it). */
export function declaredMetrics(root: string): MetricFamily[] {
  const out: MetricFamily[] = [];
  for (const file of ['apps', 'libs'].flatMap((d) => sources(path.join(root, d)))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\{[^}]*?name:\s*'([a-z][a-z0-9_]*)'[^}]*?help:\s*'([^']*)'/gs)) {
      out.push({ type: m[1].toLowerCase(), name: m[2], help: m[3] });
    }
  }
  return out;
}

/** Series names a family gives (a histogram's _bucket, _count and _sum). */
export function seriesNames(f: MetricFamily): string[] {
  return f.type === 'histogram' ? ['_bucket', '_count', '_sum'].map((s) => `${f.name}${s}`) : f.type === 'summary' ? [f.name, `${f.name}_count`, `${f.name}_sum`] : [f.name];
}

/** namingViolations over declarations rather than a scrape. */
export function declarationViolations(declared: MetricFamily[]): string[] {
  return namingViolations(declared.map((f) => `# HELP ${f.name} ${f.help || ''}\n# TYPE ${f.name} ${f.type}\n`).join('').replace(/^# HELP (\S+) \n/gm, ''));
}
