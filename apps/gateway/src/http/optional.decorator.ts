import { ValidateIf, ValidationOptions } from 'class-validator';

/**
 * Like class-validator's `@IsOptional()`, but only an absent field skips the rules: `null` is
 * validated like any other value (and refused), so no service ever receives a null it did not
 * ask for. (The OpenAPI check counts every conditional rule as "optional".)
 */
export function Optional(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, validationOptions);
}
