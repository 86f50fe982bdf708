import { BadRequestException, ConflictException, HttpException, NotFoundException } from '@nestjs/common';
import { toPublicError } from './http-error.filter';

describe('toPublicError', () => {
  it('maps HTTP exceptions to the public shape with a snake_case code', () => {
    expect(toPublicError(new NotFoundException('Invoice not found'))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'Invoice not found' } },
    });
    expect(toPublicError(new ConflictException()).body.error.code).toBe('conflict');
  });

  it('keeps validation messages as details', () => {
    const e = new BadRequestException(['amount must be a decimal string', 'currency must be one of TRX, USDT']);
    expect(toPublicError(e)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation_failed',
          message: 'Invalid request',
          details: ['amount must be a decimal string', 'currency must be one of TRX, USDT'],
        },
      },
    });
  });

  it('passes an already public error through', () => {
    const body = { error: { code: 'idempotency_key_reused', message: 'Idempotency-Key was used with another body' } };
    expect(toPublicError(new HttpException(body, 409))).toEqual({ status: 409, body });
  });

  it('answers malformed JSON and oversize bodies as client errors', () => {
    const parse = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      status: 400,
      type: 'entity.parse.failed',
      expose: true,
    });
    expect(toPublicError(parse)).toEqual({
      status: 400,
      body: { error: { code: 'invalid_json', message: 'Request body is not valid JSON' } },
    });
    const big = Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large', expose: true });
    expect(toPublicError(big).body.error.code).toBe('payload_too_large');
  });

  it('hides everything about an unexpected error', () => {
    const secretish = new Error('connect ECONNREFUSED postgres://app:hunter2@db/tronpay');
    const { status, body } = toPublicError(secretish);
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });
});
