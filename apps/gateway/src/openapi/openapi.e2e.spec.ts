import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { createTestDatabase, createTestRedis, TestDatabase, TestRedis } from '@tronpay/testing';
import { GatewayHarness, startGateway } from '../testing/gateway-harness';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
}

interface Operation {
  tags?: string[];
  summary?: string;
  security?: Array<Record<string, unknown>>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

type Class = abstract new (...args: never[]) => unknown;

/** Routes the runtime serves for every service, open or outside the public API. */
const outsideTheApi = (path: string) => path === '/metrics' || path.startsWith('/health/') || path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-');

/** Express writes `/v1/wallets/:id`, OpenAPI `/v1/wallets/{id}`. */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const joinPath = (...parts: string[]) => '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');

/** The DTO's properties as class-validator knows them (inherited ones too); conditional ones (`@IsOptional`, `@Optional`) are optional. */
function validatedShape(dto: Class): { properties: string[]; required: string[] } {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto as unknown as new () => object, '', true, false);
  const properties = [...new Set(metadata.map((m) => m.propertyName))].sort();
  // @IsOptional and the gateway's @Optional (a ValidateIf on presence) are both conditional rules.
  const optional = new Set(metadata.filter((m) => m.type === 'conditionalValidation').map((m) => m.propertyName));
  return { properties, required: properties.filter((p) => !optional.has(p)) };
}

/** Every class class-validator holds rules for, by name (nested schemas are named after their class). */
function validatedClassesNamed(name: string): Class[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Class, ValidationMetadata[]> };
  return [...storage.validationMetadatas.keys()].filter((target) => target.name === name);
}

describe('the OpenAPI document matches the routes the gateway serves and the DTOs it validates', () => {
  jest.setTimeout(60_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let gw: GatewayHarness;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    gw = await startGateway({ databaseUrl: db.url, redisUrl: redis.url, redisPrefix: redis.prefix });
    const reply = await gw.request<OpenApiDocument>('GET', '/docs-json');
    expect(reply.status).toBe(200);
    doc = reply.body;
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  const resolve = (schema: Schema | undefined): { name: string | null; schema: Schema | undefined } => {
    if (!schema?.$ref) return { name: null, schema };
    const name = schema.$ref.replace('#/components/schemas/', '');
    return { name, schema: doc.components?.schemas?.[name] };
  };

  /** What Express really routes: method and path of every route layer. */
  function servedRoutes(): string[] {
    const express = gw.service.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
    const routes = new Set<string>();
    for (const layer of express.router.stack) {
      if (!layer.route || outsideTheApi(layer.route.path)) continue;
      // Nest mounts middleware with app.all() (every method); a controller route has one method.
      if (Object.keys(layer.route.methods).length > 10) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${toOpenApiPath(layer.route.path)}`);
    }
    return [...routes].sort();
  }

  function documentedRoutes(): string[] {
    return Object.entries(doc.paths)
      .filter(([path]) => !outsideTheApi(path))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
  }

  /** Every Nest route with the class of its `@Body()`, read from the controllers' own metadata. */
  function routesWithBodies(): Array<{ route: string; dto: Class }> {
    const out: Array<{ route: string; dto: Class }> = [];
    for (const module of gw.service.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as Class | null;
        if (!controller) continue;
        const base = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat()[0] as string;
        for (const name of Object.getOwnPropertyNames(controller.prototype)) {
          const handler = (controller.prototype as Record<string, unknown>)[name];
          if (name === 'constructor' || typeof handler !== 'function') continue;
          const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
          if (path === undefined || method === undefined) continue;
          const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number }>;
          const body = Object.entries(args).find(([key]) => key.split(':')[0] === String(RouteParamtypes.BODY));
          if (!body) continue;
          const types = Reflect.getMetadata('design:paramtypes', controller.prototype, name) as Class[];
          const dto = types[body[1].index];
          for (const p of [path].flat()) out.push({ route: `${RequestMethod[method]} ${toOpenApiPath(joinPath(base, p))}`, dto });
        }
      }
    }
    return out;
  }

  /** Compares a documented schema with a DTO, then the nested schemas it refers to; returns what differs. */
  function compare(where: string, schema: Schema | undefined, dto: Class, seen = new Set<Class>()): string[] {
    if (seen.has(dto)) return [];
    seen.add(dto);
    if (!schema) return [`${where}: no schema documented for ${dto.name}`];
    const expected = validatedShape(dto);
    const documented = { properties: Object.keys(schema.properties ?? {}).sort(), required: [...(schema.required ?? [])].sort() };
    const problems: string[] = [];
    if (expected.properties.length === 0) problems.push(`${where}: ${dto.name} has no class-validator rules, so its body is not validated`);
    if (JSON.stringify(documented.properties) !== JSON.stringify(expected.properties)) {
      problems.push(`${where}: documented properties ${JSON.stringify(documented.properties)} but ${dto.name} validates ${JSON.stringify(expected.properties)}`);
    }
    if (JSON.stringify(documented.required) !== JSON.stringify(expected.required)) {
      problems.push(`${where}: documented required ${JSON.stringify(documented.required)} but ${dto.name} requires ${JSON.stringify(expected.required)}`);
    }
    for (const [property, prop] of Object.entries(schema.properties ?? {})) {
      const nested = resolve(prop.items ?? prop.allOf?.[0] ?? prop);
      if (!nested.name) continue;
      const candidates = validatedClassesNamed(nested.name);
      if (candidates.length === 0) {
        problems.push(`${where}.${property}: ${nested.name} has no class-validator rules`);
        continue;
      }
      // Two classes may share a name across libraries: the documented schema must match one of them.
      const outcomes = candidates.map((c) => compare(`${where}.${property}`, nested.schema, c, new Set(seen)));
      if (outcomes.every((o) => o.length > 0)) problems.push(...outcomes[0]);
    }
    return problems;
  }

  it('documents every route it serves, with its method, and serves every route it documents', () => {
    const served = servedRoutes();
    const documented = documentedRoutes();
    expect(served.length).toBeGreaterThan(20);
    expect({ undocumented: served.filter((r) => !documented.includes(r)), notServed: documented.filter((r) => !served.includes(r)) }).toEqual({
      undocumented: [],
      notServed: [],
    });
  });

  it('documents each JSON request body with exactly the properties and required list its DTO validates', () => {
    const routes = routesWithBodies();
    expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(['POST /v1/payouts', 'POST /v1/staking/vote', 'POST /v1/wallets']));
    const problems: string[] = [];
    for (const { route, dto } of routes) {
      const [method, path] = route.split(' ');
      const operation = doc.paths[path]?.[method.toLowerCase()];
      const body = operation?.requestBody?.content?.['application/json']?.schema;
      if (!body) {
        problems.push(`${route}: takes a ${dto.name} body that the document does not show`);
        continue;
      }
      problems.push(...compare(route, resolve(body).schema, dto));
    }
    expect(problems).toEqual([]);
  });

  it('gives every documented operation a tag, a summary and the bearer key it needs', () => {
    const problems: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (outsideTheApi(path)) continue;
      for (const [method, op] of Object.entries(ops)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (!op.tags?.length) problems.push(`${route}: no @ApiTags`);
        if (!op.summary) problems.push(`${route}: no @ApiOperation summary`);
        if (!op.security?.some((s) => 'bearer' in s)) problems.push(`${route}: no @ApiBearerAuth`);
      }
    }
    expect(problems).toEqual([]);
  });
});
