import type { CcxtClientClass } from './ccxt-loader.js';

/*
 * ccxt defines an exchange's implicit REST methods (Binance: ~1,300 endpoints, each under a
 * camelCase and a snake_case name) on every instance: one closure per endpoint per client, and
 * the constructor copies every prototype method once more under its snake_case name. With the
 * connector's client and the market data streams' clients, that was ~0.19 MB per client.
 *
 * Here the endpoints are defined once per exchange class, on a prototype between the class and
 * the clients: each a method that calls `this.request` with the endpoint's path, api, HTTP method
 * and config, as ccxt's own closure does (js/src/base/Exchange.js defineRestApiEndpoint), so a
 * call reaches the client it is made on, its rate limiter and its host gate. ccxt's code still
 * works out the names (it runs on a throw-away object); the api tree is the class's describe(),
 * the same for every client (no client is given its own `api`).
 *
 * The tables ccxt deep-copies from describe() into every client and only reads afterwards (the
 * api tree, the error maps, `has`) are the first client's for the later ones too, as the stream
 * clients already share the connector's markets: ~0.1 MB per client for Binance. `options`,
 * `fees` and `features` stay each client's own: ccxt changes them on a client.
 */
const SHARED_TABLES = ['api', 'exceptions', 'httpExceptions', 'has'] as const;

type Endpoint = (this: Record<string, (...args: unknown[]) => unknown>, params?: object, context?: object) => Promise<unknown>;

interface RestApiHooks {
  defineRestApi(api: unknown, methodName: string, paths?: string[]): void;
  defineRestApiEndpoint(methodName: string, upper: string, lower: string, camel: string, path: string, paths: string[], config?: object): void;
  capitalize(text: string): string;
}

const layers = new WeakMap<CcxtClientClass, CcxtClientClass>();

/** `Base` with its implicit REST methods on one shared prototype instead of on each instance. */
export function withSharedRestEndpoints(Base: CcxtClientClass): CcxtClientClass {
  const known = layers.get(Base);
  if (known !== undefined) return known;
  let defined = false;
  const endpoints = new Set<unknown>();
  let tables: Record<string, unknown> | null = null;
  const Shared = class extends (Base as unknown as new (config: Record<string, unknown>) => RestApiHooks) {
    override defineRestApi(api: unknown, methodName: string, paths: string[] = []): void {
      if (paths.length > 0 || !defined) super.defineRestApi(api, methodName, paths);
      if (paths.length > 0) return;
      defined = true;
      const self = this as unknown as Record<string, unknown>;
      // the constructor's snake_case copies of inherited methods include these: the prototype has them
      for (const name of Object.getOwnPropertyNames(self)) if (endpoints.has(self[name])) delete self[name];
      // called once the constructor has merged describe() in: its read-only tables are the first client's
      if (tables === null) tables = Object.fromEntries(SHARED_TABLES.map((table) => [table, self[table]]));
      else for (const table of SHARED_TABLES) self[table] = tables[table];
    }

    override defineRestApiEndpoint(methodName: string, upper: string, lower: string, camel: string, path: string, paths: string[], config: object = {}): void {
      const names: Record<string, unknown> = { capitalize: this.capitalize };
      super.defineRestApiEndpoint.call(names as unknown as RestApiHooks, methodName, upper, lower, camel, path, paths, config);
      const api = paths.length > 1 ? paths : paths[0];
      const endpoint: Endpoint = async function (params = {}, context = {}) {
        return this[methodName]!(path, api, upper, params, undefined, undefined, config, context);
      };
      endpoints.add(endpoint);
      for (const name of Object.keys(names)) {
        if (name !== 'capitalize') Object.defineProperty(Shared.prototype, name, { value: endpoint, writable: true, configurable: true });
      }
    }
  } as unknown as CcxtClientClass;
  layers.set(Base, Shared);
  return Shared;
}
