import { ApiRequest, Handler } from './api-request';

interface Route {
  handler: Handler;
  solid: boolean;
}

/** Paths are matched case-insensitively, as tronweb calls `wallet/getReward` and others lower-case. */
export class Router {
  private readonly routes = new Map<string, Route>();

  add(path: string, handler: Handler): void {
    this.routes.set(path.toLowerCase(), { handler, solid: false });
  }

  /** A read served under both `/wallet/<name>` (head) and `/walletsolidity/<name>` (solidified). */
  addRead(name: string, handler: Handler): void {
    this.routes.set(`/wallet/${name}`.toLowerCase(), { handler, solid: false });
    this.routes.set(`/walletsolidity/${name}`.toLowerCase(), { handler, solid: true });
  }

  resolve(path: string): Route | undefined {
    return this.routes.get(path.toLowerCase().replace(/\/+$/, ''));
  }

  paths(): string[] {
    return [...this.routes.keys()];
  }
}

export { ApiRequest };
