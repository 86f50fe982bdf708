export const QUERY_CACHE = Symbol('QUERY_CACHE');
