import { ArgumentMetadata, Injectable, PipeTransform, Type } from '@nestjs/common';
import { BaseRpcContext } from '@nestjs/microservices';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { TransportRpcError } from './transport.errors';

/** One failed property; nested properties use dotted paths (`items.0.amount`). */
export interface ValidationIssue {
  property: string;
  constraints: Record<string, string>;
}

export const VALIDATION_FAILED = 'validation_failed';

const PLAIN_TYPES: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

/**
 * Validates a message payload against its DTO class on the receiving side (whitelist,
 * forbidNonWhitelisted, transform) and throws `validation_failed` with the failed
 * properties, so the handler never sees a bad payload. Use per handler with
 * `@UsePipes(new RpcValidationPipe())` or globally with `app.useGlobalPipes(...)`.
 */
@Injectable()
export class RpcValidationPipe implements PipeTransform<unknown> {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype: Type<unknown> | undefined = metadata.metatype;
    if (!metatype || PLAIN_TYPES.includes(metatype) || value instanceof BaseRpcContext) return value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TransportRpcError(VALIDATION_FAILED, 'Payload must be an object', [
        { property: '', constraints: { isObject: 'payload must be an object' } },
      ]);
    }
    const instance = plainToInstance(metatype, value) as object;
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      const issues = flatten(errors, '');
      throw new TransportRpcError(
        VALIDATION_FAILED,
        `Invalid payload: ${issues.map((issue) => issue.property).join(', ')}`,
        issues,
      );
    }
    return instance;
  }
}

function flatten(errors: ValidationError[], parent: string): ValidationIssue[] {
  return errors.flatMap((error) => {
    const property = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ property, constraints: error.constraints }] : [];
    return [...own, ...flatten(error.children ?? [], property)];
  });
}
