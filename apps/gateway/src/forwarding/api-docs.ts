import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

/** The Idempotency-Key header of a creating POST, as API.md describes it. */
export const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: '1-255 printable characters. Same key and body: the first response again; same key, other body: 409.',
    }),
  );
