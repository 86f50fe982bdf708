import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { GatewayError } from './gateway.errors';
import { Optional } from './optional.decorator';

/** `?limit=` (1-100, default 20) and `?cursor=` of every list. */
export class ListQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface CursorPosition {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients: the last row's creation time and id, newest first. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt.getTime()}:${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^(\d{1,15}):(.+)$/.exec(text);
  if (!match || !UUID.test(match[2])) throw GatewayError.badRequest('invalid_cursor', 'cursor is not one this API returned');
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

/** Fetch limit + 1 rows; this trims the extra one and says where the next page starts. */
export function toPage<R extends CursorPosition, T>(rows: R[], limit: number, view: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { data: page.map(view), nextCursor: more && last ? encodeCursor(last) : null };
}

export const DEFAULT_LIMIT = 20;
export const isUuid = (value: string) => UUID.test(value);
