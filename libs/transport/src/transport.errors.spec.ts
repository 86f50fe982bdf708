import { RpcException } from '@nestjs/microservices';
import { fromWireError, toWireError, TransportRpcError, TransportTimeoutError } from './transport.errors';

describe('transport errors', () => {
  it('keeps the code, message and details of typed errors', () => {
    expect(toWireError(new TransportRpcError('insufficient_funds', 'Balance too low', { need: '10' }))).toEqual({
      wire: { code: 'insufficient_funds', message: 'Balance too low', details: { need: '10' } },
      known: true,
    });
    expect(toWireError(new RpcException({ code: 'wallet.locked', message: 'Locked' })).wire).toEqual({
      code: 'wallet.locked',
      message: 'Locked',
    });
    expect(toWireError(Object.assign(new Error('Too many'), { code: 'limit_exceeded' })).wire).toEqual({
      code: 'limit_exceeded',
      message: 'Too many',
    });
  });

  it('flattens errors without a public code to internal, without their message', () => {
    for (const error of [
      new TypeError('x is undefined at /srv/app.ts:1'),
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6379'), { code: 'ECONNREFUSED' }),
      new RpcException('plain string'),
      { status: 'error', message: 'Internal server error' },
      'a string',
      null,
    ]) {
      expect(toWireError(error)).toEqual({ wire: { code: 'internal', message: 'Internal error' }, known: false });
    }
  });

  it('rebuilds caller-side errors from the wire', () => {
    const error = fromWireError({ code: 'not_found', message: 'No such invoice', details: { id: 'i1' } });
    expect(error).toBeInstanceOf(TransportRpcError);
    expect(error).toMatchObject({ code: 'not_found', message: 'No such invoice', details: { id: 'i1' } });
    expect(fromWireError({ stack: 'at x' })).toMatchObject({ code: 'internal' });
    const timeout = new TransportTimeoutError('wallet.sign.v1', 500);
    expect(timeout).toBeInstanceOf(TransportRpcError);
    expect(timeout).toMatchObject({ code: 'timeout', name: 'TransportTimeoutError' });
  });
});
