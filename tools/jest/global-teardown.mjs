export default async function globalTeardown() {
  const infra = globalThis.__tronpayInfra;
  if (!infra) return;
  await infra.redis.stop();
  await infra.pg.stop();
}
