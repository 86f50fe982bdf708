import { EndpointGate } from './endpoint-gate';

describe('EndpointGate', () => {
  it('lets at most `limit` deliveries per endpoint in, each endpoint on its own', () => {
    const gate = new EndpointGate(2);
    expect([gate.tryEnter('a'), gate.tryEnter('a'), gate.tryEnter('a')]).toEqual([true, true, false]);
    expect(gate.tryEnter('b')).toBe(true);
    expect(gate.stats()).toEqual({ inFlight: 3, endpoints: 2 });
    gate.leave('a');
    expect(gate.tryEnter('a')).toBe(true);
    gate.leave('a');
    gate.leave('a');
    gate.leave('b');
    expect(gate.stats()).toEqual({ inFlight: 0, endpoints: 0 });
  });
});
