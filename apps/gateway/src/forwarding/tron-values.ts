import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';
import { Address, formatDecimal, parseDecimal } from '@tronpay/tron';

/** TRX and USDT both have 6 decimals; API.md takes amounts in whole units with at most that many. */
export const AMOUNT_DECIMALS = 6;
/** 30 whole digits: more than any TRON supply, and what the message contracts accept. */
const AMOUNT_CEILING = 10n ** BigInt(30 + AMOUNT_DECIMALS);

function amountUnits(value: unknown): bigint | null {
  try {
    const units = parseDecimal(value, AMOUNT_DECIMALS);
    return units < AMOUNT_CEILING ? units : null;
  } catch {
    return null;
  }
}

/** A decimal string of whole units (`"10.5"`), at most 6 decimals; `positive`: more than 0. Numbers are refused. */
export function IsDecimalAmount(options: { positive?: boolean } = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimalAmount',
      validator: {
        validate: (value) => {
          const units = amountUnits(value);
          return units !== null && (!options.positive || units > 0n);
        },
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be a decimal string of whole units with at most ${AMOUNT_DECIMALS} decimals${options.positive ? ', more than 0' : ''}, such as "10.5"`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}

/** A TRON address, base58 (`T...`, checksum checked) or hex (`41...`). */
export function IsTronAddress(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTronAddress',
      validator: {
        validate: (value) => Address.tryParse(value) !== null,
        defaultMessage: buildMessage((each) => `${each}$property must be a TRON address: base58 (T...) or hex (41...)`, validationOptions),
      },
    },
    validationOptions,
  );
}

/** The canonical spelling of a validated amount (`"010.50"` -> `"10.5"`), as the contracts take it. */
export function canonicalAmount(amount: string): string {
  return formatDecimal(parseDecimal(amount, AMOUNT_DECIMALS), AMOUNT_DECIMALS);
}

/** A validated address in base58, whichever form it came in. */
export function base58(address: string): string {
  return Address.parse(address).base58;
}
