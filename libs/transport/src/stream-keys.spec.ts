import { decodeDone, decodeMessage, encodeDone, encodeMessage } from './stream-entries';
import { serviceOfPattern, streamKeys } from './stream-keys';

describe('stream keys and entries', () => {
  it('routes a pattern to the service named by its first dot-segment', () => {
    expect(serviceOfPattern('wallet.sign.v1')).toBe('wallet');
    expect(serviceOfPattern('status')).toBe('status');
    expect(() => serviceOfPattern('.x')).toThrow(/explicitly/);
    expect(() => serviceOfPattern('{"cmd":"sum"}')).toThrow(/explicitly/);
  });

  it('lays keys out under the prefix', () => {
    const keys = streamKeys('tronpay:');
    expect(keys.command('wallet')).toBe('tronpay:cmd:wallet');
    expect(keys.event('invoice.paid.v1')).toBe('tronpay:evt:invoice.paid.v1');
    expect(keys.reply('c1')).toBe('tronpay:reply:c1');
    expect(keys.done('wallet', 'm1')).toBe('tronpay:done:wallet:m1');
    expect(keys.failures('gateway', 'm1')).toBe('tronpay:failed:gateway:m1');
    expect(keys.deadLetters('gateway')).toBe('tronpay:dead:gateway');
    expect(keys.retry('gateway')).toBe('tronpay:retry:gateway');
  });

  it('round-trips message fields and stored outcomes', () => {
    const message = { id: 'm1', pattern: 'wallet.sign.v1', data: '{"a":"1"}', replyTo: 'r', deadline: 1700000000000 };
    const flat = encodeMessage(message);
    const fields: Record<string, string> = {};
    for (let i = 0; i < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
    expect(decodeMessage(fields)).toEqual(message);
    expect(decodeMessage({ pattern: 'x' })).toBeNull();
    expect(decodeDone(encodeDone({ status: 'error', body: '{"code":"a|b"}' }))).toEqual({ status: 'error', body: '{"code":"a|b"}' });
    expect(decodeDone('garbage')).toBeNull();
  });
});
