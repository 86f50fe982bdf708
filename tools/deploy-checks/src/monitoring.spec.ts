import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { processEnv } from '@tronpay/config';
import { createTestDatabase, createTestRedis, freePort, Stack, startStack, TestDatabase, TestRedis } from '@tronpay/testing';
import { byKind, K8sObject, render } from './manifests';
import { declaredMetrics, declarationViolations, families, metricNames, namingViolations, scrapeJobs, seriesNames } from './monitoring';
import { SERVICES } from './policy';
import { background, Background, eventually, ROOT, run, which } from './processes';

// Metrics the alerts and the dashboard read whose code may land after them (docs/deploy.md,
// "Metrics the alerts expect"), each with the service to declare it. None now: every one the
// alerts and the dashboard read is declared.
const PENDING_METRICS: Record<string, string> = {};

interface Dashboard {
  panels: Array<{ type: string; title: string; targets?: Array<{ expr: string }> }>;
}
interface PromResult {
  metric: Record<string, string>;
  value: [number, string];
}

function tool(name: 'prometheus' | 'promtool'): string {
  const found = processEnv()[name.toUpperCase()] ?? which(name);
  if (!found) throw new Error(`${name} not found: sudo apt-get install -y prometheus (.ci/run does)`);
  return found;
}

// The Proof of issue 9 against a real Prometheus: the six services and the devnet, each its own
// process; Prometheus scraping them through a configuration made from the rendered ServiceMonitors
// (the prod overlay's), with the PrometheusRule's alerts loaded; assertions through its HTTP API.
describe('a real Prometheus scrapes every service through the ServiceMonitors', () => {
  jest.setTimeout(180_000);
  const NAMESPACE = 'tronpay';
  let objects: K8sObject[];
  let db: TestDatabase;
  let redis: TestRedis;
  let stack: Stack;
  let prometheus: Background;
  let promUrl: string;
  let work: string;
  let receiver: Server;
  let delivered = 0;
  const started = Date.now();

  const api = async <T>(method: string, url: string, body?: unknown, key?: string): Promise<T> => {
    const res = await fetch(url, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const query = async (expr: string): Promise<PromResult[]> => {
    const r = await api<{ status: string; data: { result: PromResult[] }; error?: string }>('GET', `${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    if (r.status !== 'success') throw new Error(`${expr}: ${r.error}`);
    return r.data.result;
  };
  const gateway = <T>(method: string, p: string, body?: unknown) => api<T>(method, `${stack.url('gateway')}${p}`, body, stack.adminKey);
  const rules = () => byKind(objects, 'PrometheusRule').flatMap((r) => r.spec?.groups ?? []);

  beforeAll(async () => {
    objects = await render('deploy/overlays/prod');
    work = mkdtempSync(path.join(tmpdir(), 'tronpay-prometheus-'));
    [db, redis] = await Promise.all([createTestDatabase(), createTestRedis()]);
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      services: [...SERVICES],
      devnet: { solidLag: 2 },
      serviceEnv: {
        // Quick to notice a dead node, and slow to try it again: the last test stops the devnet.
        'tron-client': { TRON_NODE_HEALTH_INTERVAL_MS: '200', TRON_NODE_BREAKER_FAILURES: '2', TRON_NODE_TIMEOUT_MS: '1000', TRON_NODE_BREAKER_COOLDOWN_MS: '600000' },
        gateway: { WEBHOOK_RELAY_INTERVAL_MS: '300' },
      },
    });

    // Some real work, so that the business metrics have series: a paid invoice and its webhook.
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        delivered++;
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await gateway('POST', '/v1/webhook-endpoints', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, events: ['*'] });
    const invoice = await gateway<{ id: string; address: string }>('POST', '/v1/invoices', { currency: 'USDT', amount: '5' });
    await stack.devnet.fund(invoice.address, { usdt: '5' });
    await stack.devnet.mine(1);
    await eventually('the invoice paid', async () => (await gateway<{ status: string }>('GET', `/v1/invoices/${invoice.id}`)).status === 'paid');
    await eventually('a webhook delivered', async () => delivered > 0);

    const jobs = scrapeJobs(objects, (service) => new URL(stack.url(service as (typeof SERVICES)[number])).host, '1s');
    const rulesFile = path.join(work, 'rules.yml');
    writeFileSync(rulesFile, stringify({ groups: rules() }));
    writeFileSync(
      path.join(work, 'prometheus.yml'),
      stringify({ global: { scrape_interval: '1s', evaluation_interval: '1s' }, rule_files: [rulesFile], scrape_configs: jobs }),
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = background(tool('prometheus'), [
      `--config.file=${path.join(work, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(work, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ]);
    await eventually('Prometheus ready', async () => (await fetch(`${promUrl}/-/ready`)).status === 200, 60_000, prometheus);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
    await stack?.close();
    await redis?.cleanup();
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("every service's target is up, labelled as the Prometheus Operator labels it", async () => {
    type Target = { labels: Record<string, string>; health: string; lastError: string };
    const targets = await eventually('every target scraped and up', async () => {
      const r = await api<{ data: { activeTargets: Target[] } }>('GET', `${promUrl}/api/v1/targets`);
      const t = r.data.activeTargets;
      return t.length === SERVICES.length && t.every((x) => x.health === 'up') && t;
    });
    expect(targets.map((t) => t.labels['job']).sort()).toEqual([...SERVICES].sort());
    for (const t of targets) expect(t.labels).toMatchObject({ namespace: NAMESPACE, service: t.labels['job'], endpoint: 'http', pod: `${t.labels['job']}-0` });
    const up = await query(`up{namespace="${NAMESPACE}"}`);
    expect(up.map((r) => [r.metric['job'], r.value[1]]).sort()).toEqual([...SERVICES].sort().map((s) => [s, '1']));
  });

  it('the key metrics have series, with one service label (the ServiceMonitor drops the duplicate)', async () => {
    const has = (expr: string, atLeast = 1) =>
      eventually(expr, async () => {
        const r = await query(expr);
        return r.length > 0 && r.every((x) => Number(x.value[1]) >= atLeast) && r;
      });
    for (const s of SERVICES) {
      await has(`sum(tronpay_http_request_duration_seconds_count{job="${s}", route="/health/ready"})`);
      await has(`process_resident_memory_bytes{job="${s}"}`);
    }
    expect((await has('sum(tronpay_scanner_leader{job="tron-client"})'))[0].value[1]).toBe('1');
    await has('tronpay_node_head_block{job="tron-client"}');
    await has('tronpay_scanner_cursor_block{job="tron-client"}');
    await has('tronpay_node_request_duration_seconds_count{job="tron-client"}');
    await has('tronpay_deposits_total{job="tron-client", event="detected"}');
    await has('tronpay_invoice_transitions_total{job="gateway", status="paid"}');
    await has('tronpay_webhook_deliveries_total{job="gateway", outcome="delivered"}');
    await has('tronpay_webhook_deliveries_pending{job="gateway"}', 0);
    await has('tronpay_payouts_broadcast_past_expiration{job="payout"}', 0);
    await has('sum(tronpay_transport_handler_duration_seconds_count{job="wallet", kind="command", outcome="ok"})');
    await has('sum(tronpay_transport_handler_duration_seconds_count{job="tron-client", kind="command", outcome="ok"})');
    expect(await query('count({exported_service!=""})')).toEqual([]);
    const pairs = await query('count by (job, service) ({__name__=~"tronpay_.+"})');
    expect(pairs.length).toBe(SERVICES.length);
    for (const p of pairs) expect(p.metric['service']).toBe(p.metric['job']);
  });

  it('every alert rule of the PrometheusRule loads and evaluates without error', async () => {
    type Rule = { name: string; health: string; lastError?: string; lastEvaluation: string };
    const groups = await eventually('every rule evaluated', async () => {
      const r = await api<{ data: { groups: Array<{ name: string; rules: Rule[] }> } }>('GET', `${promUrl}/api/v1/rules`);
      const all = r.data.groups.flatMap((g) => g.rules);
      return all.length > 0 && all.every((x) => Date.parse(x.lastEvaluation) > started) && r.data.groups;
    });
    expect(groups.map((g) => g.name).sort()).toEqual(rules().map((g) => g.name).sort());
    const loaded = groups.flatMap((g) => g.rules);
    expect(loaded.length).toBe(rules().flatMap((g) => g.rules).length);
    expect(loaded.filter((x) => x.health !== 'ok').map((x) => `${x.name}: ${x.lastError}`)).toEqual([]);
  });

  it('every metric the alerts and the dashboard read exists now, or is one its owner is to add', async () => {
    const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'deploy/grafana/tronpay.json'), 'utf8')) as Dashboard;
    const exprs = [...rules().flatMap((g) => g.rules.map((r) => r.expr)), ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr))];
    const referenced = new Set(exprs.flatMap(metricNames));
    // What Prometheus has series of, what the services expose (a labelled counter has no series
    // before its first increment) and what the code declares.
    const existing = new Set((await api<{ data: string[] }>('GET', `${promUrl}/api/v1/label/__name__/values`)).data);
    for (const s of SERVICES) for (const f of families(await (await fetch(`${stack.url(s)}/metrics`)).text())) seriesNames(f).forEach((n) => existing.add(n));
    for (const f of declaredMetrics(ROOT)) seriesNames(f).forEach((n) => existing.add(n));
    expect([...referenced].filter((n) => !existing.has(n) && !(n in PENDING_METRICS))).toEqual([]);
    // The list stays short: every pending name is one that something reads.
    expect(Object.keys(PENDING_METRICS).filter((n) => !referenced.has(n))).toEqual([]);
  });

  it('every panel of the Grafana dashboard is a query Prometheus answers, and the core panels have data', async () => {
    const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'deploy/grafana/tronpay.json'), 'utf8')) as Dashboard;
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    // rate() and increase() need two samples in their window.
    await eventually('three scrapes of every target', async () => (await query(`min(count_over_time(up{namespace="${NAMESPACE}"}[1m])) >= 3`)).length > 0);
    expect(panels.length).toBeGreaterThanOrEqual(15);
    const withData: string[] = [];
    for (const p of panels) {
      expect([p.title, (p.targets ?? []).length > 0]).toEqual([p.title, true]);
      for (const t of p.targets ?? []) {
        const expr = t.expr.replace(/\$namespace/g, NAMESPACE).replace(/\$__rate_interval/g, '1m');
        if ((await query(expr)).length) withData.push(p.title);
      }
    }
    for (const title of ['Scanner lag', 'Invoices by state', 'Webhook attempts by outcome', 'Node latency', 'Node circuit (0 closed, 1 half-open, 2 open)', 'Targets up', 'HTTP latency p95']) {
      expect(withData).toContain(title);
    }
  });

  it("promtool check metrics passes on every service's /metrics, and the names follow the conventions", async () => {
    for (const s of SERVICES) {
      const text = await (await fetch(`${stack.url(s)}/metrics`)).text();
      const r = await run(tool('promtool'), ['check', 'metrics'], { input: text });
      expect([s, r.code, `${r.stdout}${r.stderr}`.trim()]).toEqual([s, 0, '']);
      expect([s, namingViolations(text)]).toEqual([s, []]);
    }
    // Every metric the code declares, registered by a running service or not.
    const declared = declaredMetrics(ROOT);
    expect(declared.length).toBeGreaterThan(20);
    expect(declarationViolations(declared)).toEqual([]);
    // The convention check itself fails a badly named metric.
    expect(namingViolations('# HELP tronpay_x_ms t\n# TYPE tronpay_x_ms gauge\n# HELP queue_total q\n# TYPE queue_total gauge\n# TYPE tronpay_sent counter\n')).toEqual([
      'tronpay_x_ms: not in base units',
      'queue_total: a gauge ending in _total',
      'queue_total: no tronpay_ prefix',
      'tronpay_sent: no HELP',
      'tronpay_sent: a counter not ending in _total',
    ]);
  });

  it('promtool check rules passes on the PrometheusRule, and its rule tests pass', async () => {
    const check = await run(tool('promtool'), ['check', 'rules', path.join(work, 'rules.yml')]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`SUCCESS: ${rules().flatMap((g) => g.rules).length} rules found`);
    copyFileSync(path.join(__dirname, 'fixtures/alerts.test.yml'), path.join(work, 'alerts.test.yml'));
    const test = await run(tool('promtool'), ['test', 'rules', path.join(work, 'alerts.test.yml')]);
    expect([test.code, test.stdout.trim().split('\n').pop()?.trim()]).toEqual([0, 'SUCCESS']);
  });

  // Last: it stops the devnet and a service.
  it('the alerts go off for real: no healthy node when the devnet stops, a service down when it stops', async () => {
    type Alert = { labels: Record<string, string>; state: string };
    const alerts = async () => (await api<{ data: { alerts: Alert[] } }>('GET', `${promUrl}/api/v1/alerts`)).data.alerts;
    expect((await alerts()).map((a) => a.labels['alertname'])).not.toContain('TronpayNoHealthyNode');
    await stack.devnet.close();
    const noNode = await eventually('TronpayNoHealthyNode pending', async () => (await alerts()).find((a) => a.labels['alertname'] === 'TronpayNoHealthyNode'));
    expect(noNode.labels).toMatchObject({ namespace: NAMESPACE, pod: 'tron-client-0', severity: 'critical' });
    await stack.stop('usdt');
    const down = await eventually('TronpayServiceDown pending', async () => (await alerts()).find((a) => a.labels['alertname'] === 'TronpayServiceDown'));
    expect(down.labels).toMatchObject({ job: 'usdt', namespace: NAMESPACE });
    expect(['pending', 'firing']).toContain(down.state);
  });
});
