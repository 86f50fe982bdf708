import { MetricsService } from './metrics.service';

describe('MetricsService', () => {
  it('keeps one registry per service, so replicas in one process do not collide', async () => {
    const a = new MetricsService('wallet');
    const b = new MetricsService('wallet');
    a.observeHandler('wallet.sign.v1', 'command', 'ok', 12);
    const textA = await a.render();
    const textB = await b.render();
    expect(textA).toContain(
      'tronpay_transport_handler_duration_seconds_count{service="wallet",pattern="wallet.sign.v1",kind="command",outcome="ok"} 1',
    );
    expect(textB).not.toContain('pattern="wallet.sign.v1"');
  });

  it('records durations in seconds in the right bucket', async () => {
    const m = new MetricsService('payout');
    m.observeHandler('payout.create.v1', 'command', 'error', 30);
    const text = await m.render();
    expect(text).toContain('le="0.025",service="payout",pattern="payout.create.v1",kind="command",outcome="error"} 0');
    expect(text).toContain('le="0.05",service="payout",pattern="payout.create.v1",kind="command",outcome="error"} 1');
  });

  it('counts dead-lettered events by pattern', async () => {
    const m = new MetricsService('gateway');
    m.countDeadLetter('deposit.detected');
    m.countDeadLetter('deposit.detected');
    const text = await m.render();
    expect(text).toMatch(/^tronpay_transport_dead_letters_total\{pattern="deposit\.detected",service="gateway"\} 2$/m);
  });

  it('ends only counters in _total, as Prometheus (and promtool check metrics) wants', async () => {
    const text = await new MetricsService('gateway').render();
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type }));
    expect(types.length).toBeGreaterThan(10);
    expect(types.filter((t) => t.name.endsWith('_total') !== (t.type === 'counter'))).toEqual([]);
  });
});
