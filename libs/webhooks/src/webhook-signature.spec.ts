import fc from 'fast-check';
import { signWebhook, verifyWebhook, verifyWebhookSignature, WebhookVerificationError } from './webhook-signature';

const BODY = '{"id":"evt_1","type":"invoice.paid","createdAt":"2023-11-14T22:13:20.000Z","data":{"amount":"10"}}';
const T = 1_700_000_000;
const AT_T = new Date(T * 1000);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WebhookVerificationError) return e.code;
    throw e;
  }
  return undefined;
}

describe('signWebhook', () => {
  it('matches an HMAC-SHA256 computed independently (openssl dgst -sha256 -hmac)', () => {
    expect(signWebhook('whsec_test', BODY, T)).toBe('t=1700000000,v1=f1d8e085ba097de7273b6a4cfd6d54d8bb3139a1ef79bc45c10b4acc750efa64');
    expect(signWebhook('whsec_test', Buffer.from(BODY), T)).toBe(signWebhook('whsec_test', BODY, T));
  });

  it('refuses a timestamp that is not a unix second count', () => {
    expect(() => signWebhook('s', BODY, 1.5)).toThrow(RangeError);
    expect(() => signWebhook('s', BODY, -1)).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  const header = signWebhook('whsec_test', BODY, T);

  it('returns the event of a genuine request', () => {
    expect(verifyWebhook(BODY, header, 'whsec_test', { now: AT_T })).toEqual({
      id: 'evt_1',
      type: 'invoice.paid',
      createdAt: '2023-11-14T22:13:20.000Z',
      data: { amount: '10' },
    });
    expect(verifyWebhook(Buffer.from(BODY), header, 'whsec_test', { now: AT_T }).id).toBe('evt_1');
  });

  it('says what is wrong with a missing or malformed header', () => {
    expect(codeOf(() => verifyWebhook(BODY, undefined, 'whsec_test', { now: AT_T }))).toBe('missing_header');
    expect(codeOf(() => verifyWebhook(BODY, '  ', 'whsec_test', { now: AT_T }))).toBe('missing_header');
    expect(codeOf(() => verifyWebhook(BODY, 'v1=abc', 'whsec_test', { now: AT_T }))).toBe('malformed_header');
    expect(codeOf(() => verifyWebhook(BODY, `t=${T}`, 'whsec_test', { now: AT_T }))).toBe('malformed_header');
    expect(codeOf(() => verifyWebhook(BODY, `t=${T},v1=zz`, 'whsec_test', { now: AT_T }))).toBe('malformed_header');
    expect(codeOf(() => verifyWebhook(BODY, header.replace('t=', 't=-'), 'whsec_test', { now: AT_T }))).toBe('malformed_header');
  });

  it('refuses another secret or a timestamp moved to look fresh', () => {
    expect(codeOf(() => verifyWebhook(BODY, header, 'whsec_other', { now: AT_T }))).toBe('bad_signature');
    expect(codeOf(() => verifyWebhook(BODY, header.replace(`t=${T}`, `t=${T + 1}`), 'whsec_test', { now: AT_T }))).toBe('bad_signature');
  });

  it('keeps a 5-minute tolerance either way by default, and a custom one when asked', () => {
    const at = (seconds: number) => new Date((T + seconds) * 1000);
    expect(codeOf(() => verifyWebhook(BODY, header, 'whsec_test', { now: at(300) }))).toBeUndefined();
    expect(codeOf(() => verifyWebhook(BODY, header, 'whsec_test', { now: at(-300) }))).toBeUndefined();
    expect(codeOf(() => verifyWebhook(BODY, header, 'whsec_test', { now: at(301) }))).toBe('timestamp_outside_tolerance');
    expect(codeOf(() => verifyWebhook(BODY, header, 'whsec_test', { now: at(-301) }))).toBe('timestamp_outside_tolerance');
    expect(codeOf(() => verifyWebhook(BODY, header, 'whsec_test', { now: at(30), toleranceSeconds: 10 }))).toBe('timestamp_outside_tolerance');
  });

  it('accepts any of several v1 entries, and any of several secrets (rotation on either side)', () => {
    const old = signWebhook('whsec_old', BODY, T).split(',')[1];
    const both = `${header},${old},v0=ignored`;
    expect(verifyWebhook(BODY, both, 'whsec_old', { now: AT_T }).id).toBe('evt_1');
    expect(verifyWebhook(BODY, both, 'whsec_test', { now: AT_T }).id).toBe('evt_1');
    expect(verifyWebhook(BODY, header, ['whsec_new', 'whsec_test'], { now: AT_T }).id).toBe('evt_1');
    expect(codeOf(() => verifyWebhook(BODY, both, ['whsec_new', 'whsec_other'], { now: AT_T }))).toBe('bad_signature');
  });

  it('refuses a signed body that is not an event', () => {
    const notJson = 'hello';
    expect(codeOf(() => verifyWebhook(notJson, signWebhook('s', notJson, T), 's', { now: AT_T }))).toBe('malformed_payload');
    const notEvent = '{"id":1}';
    expect(codeOf(() => verifyWebhook(notEvent, signWebhook('s', notEvent, T), 's', { now: AT_T }))).toBe('malformed_payload');
  });

  it('round-trips any body and secret (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.string({ minLength: 1, maxLength: 64 }), fc.integer({ min: 0, max: 4_000_000_000 }), (body, secret, t) => {
        const raw = Buffer.from(body);
        expect(verifyWebhookSignature(raw, signWebhook(secret, raw, t), secret, { now: new Date(t * 1000) })).toBe(t);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any event through verifyWebhook (property)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string(), fc.jsonValue(), fc.string({ minLength: 1 }), (id, type, data, secret) => {
        const body = JSON.stringify({ id, type, createdAt: AT_T.toISOString(), data });
        const event = verifyWebhook(body, signWebhook(secret, body, T), secret, { now: AT_T });
        expect(event).toEqual(JSON.parse(body));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a body with any single byte changed (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 1024 }),
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (body, secret, position, flip) => {
          const raw = Buffer.from(body);
          const header = signWebhook(secret, raw, T);
          const tampered = Buffer.from(raw);
          tampered[position % raw.length] ^= flip;
          expect(codeOf(() => verifyWebhookSignature(tampered, header, secret, { now: AT_T }))).toBe('bad_signature');
        },
      ),
      { numRuns: 500 },
    );
  });
});
