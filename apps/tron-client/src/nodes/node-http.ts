/** One HTTP exchange with a node. An adapter, so specs swap in a stub without sockets. */
export interface NodeHttpRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface NodeHttpResponse {
  status: number;
  body: string;
}

export interface NodeHttp {
  request(url: string, init: NodeHttpRequest): Promise<NodeHttpResponse>;
}

export const NODE_HTTP = Symbol('NODE_HTTP');

export class NodeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'NodeTimeoutError';
  }
}

/** `fetch` with a deadline covering the whole exchange (headers and body). */
export class FetchNodeHttp implements NodeHttp {
  async request(url: string, init: NodeHttpRequest): Promise<NodeHttpResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), init.timeoutMs);
    try {
      const res = await fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: controller.signal });
      return { status: res.status, body: await res.text() };
    } catch (e) {
      if (controller.signal.aborted) throw new NodeTimeoutError(init.timeoutMs);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }
}
