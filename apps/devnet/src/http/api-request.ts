import { normalizeAddress } from '@tronpay/tron';
import { ApiError } from '../chain/chain.errors';

/** One call of the node API: query and JSON body merged, as java-tron servlets accept either. */
export class ApiRequest {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly params: Record<string, unknown>,
    /** Reads answer from the solidified height (`/walletsolidity/*`). */
    readonly solid: boolean,
  ) {}

  get visible(): boolean {
    const v = this.params.visible;
    return v === true || v === 'true';
  }

  has(name: string): boolean {
    return this.params[name] !== undefined && this.params[name] !== null && this.params[name] !== '';
  }

  address(name: string, required = true): string {
    const v = this.params[name];
    if ((v === undefined || v === null || v === '') && !required) return '';
    const a = normalizeAddress(v);
    if (!a) throw new ApiError(`Invalid address provided for ${name}`, 'java.lang.IllegalArgumentException');
    return a;
  }

  string(name: string, required = true): string {
    const v = this.params[name];
    if (v === undefined || v === null) {
      if (required) throw new ApiError(`${name} is required`, 'java.lang.IllegalArgumentException');
      return '';
    }
    if (typeof v !== 'string') throw new ApiError(`${name} must be a string`, 'com.alibaba.fastjson.JSONException');
    return v;
  }

  /** An int64 parameter (JSON number or decimal string), absent = `fallback`. */
  int(name: string, fallback?: number): number {
    const v = this.params[name];
    if (v === undefined || v === null || v === '') {
      if (fallback === undefined) throw new ApiError(`${name} is required`, 'java.lang.IllegalArgumentException');
      return fallback;
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw new ApiError(`${name} must be an integer`, 'java.lang.NumberFormatException');
    return n;
  }

  bool(name: string): boolean {
    const v = this.params[name];
    return v === true || v === 'true' || v === 1;
  }
}

export type Handler = (req: ApiRequest) => unknown;
