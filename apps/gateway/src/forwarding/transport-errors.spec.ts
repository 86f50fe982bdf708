import { TransportClosedError, TransportRpcError, TransportTimeoutError } from '@tronpay/transport';
import { fromTransportError } from './transport-errors';

const mapped = (error: unknown, service = 'payout') => {
  const e = fromTransportError(error, service);
  return { status: e.getStatus(), ...(e.getResponse() as { error: { code: string; message: string; details?: unknown[] } }).error };
};

describe('transport errors as the public API answers them', () => {
  it.each([
    ['TransportRpcError validation_failed', 400, 'validation_failed', new TransportRpcError('validation_failed', 'Invalid payload: to', [{ property: 'to', constraints: { x: 'y' } }])],
    ['TransportRpcError payout_not_found', 404, 'payout_not_found', new TransportRpcError('payout_not_found', 'No such payout')],
    ['TransportRpcError wallet.not_found', 404, 'wallet_not_found', new TransportRpcError('wallet.not_found', 'No such wallet')],
    ['TransportTimeoutError payout.payouts.create.v1', 503, 'service_unavailable', new TransportTimeoutError('payout.payouts.create.v1', 2000)],
    ['TransportClosedError payout.payouts.create.v1', 503, 'service_unavailable', new TransportClosedError('payout.payouts.create.v1')],
    ['TransportRpcError unavailable', 503, 'service_unavailable', new TransportRpcError('unavailable', 'Could not send payout.payouts.create.v1: ECONNREFUSED')],
    ['TransportRpcError no_handler', 501, 'not_implemented', new TransportRpcError('no_handler', 'No handler for payout.payouts.create.v1')],
    ['TransportRpcError locked', 503, 'wallet_locked', new TransportRpcError('locked', 'locked')],
    ['TransportRpcError nodes_unavailable', 503, 'nodes_unavailable', new TransportRpcError('nodes_unavailable', 'no node answered http://10.0.0.3:8090')],
    ['TransportRpcError internal', 502, 'upstream_error', new TransportRpcError('internal', 'Internal error')],
    ['TransportRpcError ECONNREFUSED', 502, 'upstream_error', new TransportRpcError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.3:5432')],
    ['Error something odd', 502, 'upstream_error', new Error('something odd')],
    ['TransportRpcError idempotency_key_reused', 409, 'idempotency_key_reused', new TransportRpcError('idempotency_key_reused', 'reused')],
    ['TransportRpcError policy_refused', 422, 'policy_refused', new TransportRpcError('policy_refused', 'A hot wallet\'s address is derived here')],
    ['TransportRpcError limit-exceeded', 422, 'limit_exceeded', new TransportRpcError('limit-exceeded', 'Over the V0 daily limit')],
  ])('%s -> %i %s', (_, status, code, error) => {
    const e = mapped(error);
    expect({ status: e.status, code: e.code }).toEqual({ status, code });
  });

  it('keeps the details of a validation failure and the message of a business rule', () => {
    const issues = [{ property: 'to', constraints: { isTron: 'to must be a TRON address' } }];
    expect(mapped(new TransportRpcError('validation_failed', 'Invalid payload: to', issues))).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'Invalid payload: to',
      details: issues,
    });
    expect(mapped(new TransportRpcError('limit_exceeded', 'Over the V0 daily limit'))).toEqual({ status: 422, code: 'limit_exceeded', message: 'Over the V0 daily limit' });
  });

  it('names the service that timed out, even when it is the owning service\'s own dependency', () => {
    expect(mapped(new TransportTimeoutError('payout.payouts.get.v1', 2000)).message).toContain('payout service');
    // wallet.wallets.balance.v1 failed because tron-client did not answer the wallet.
    expect(mapped(new TransportTimeoutError('tron-client.account.get.v1', 2000), 'wallet')).toMatchObject({
      message: expect.stringContaining('tron-client service'),
      details: [{ service: 'tron-client' }],
    });
  });

  it('never passes on what an internal or dependency error said (hosts, drivers)', () => {
    for (const error of [
      new TransportRpcError('nodes_unavailable', 'no node answered http://10.0.0.3:8090/wallet/getaccount'),
      new TransportRpcError('internal', 'pg: password authentication failed for 10.0.0.3'),
      new TransportRpcError('unavailable', 'Could not send x: connect ECONNREFUSED 10.0.0.3:6379'),
    ]) {
      expect(JSON.stringify(mapped(error))).not.toContain('10.0.0.3');
    }
  });
});
