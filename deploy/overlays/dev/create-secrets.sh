#!/bin/sh
# Creates the dev overlay's Secrets with random values, in the cluster only (nothing is written to
# disk). An existing Secret is kept: a new WALLET_KEK would make the wallet's vaults unreadable.
# Prints the admin API key once. Needs kubectl (pointed at the cluster) and openssl.
set -eu
ns="${NAMESPACE:-tronpay-dev}"
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"

exists() { kubectl -n "$ns" get secret "$1" >/dev/null 2>&1; }

if exists dev-postgres; then
  pg_password="$(kubectl -n "$ns" get secret dev-postgres -o jsonpath='{.data.POSTGRES_PASSWORD}' | base64 -d)"
else
  pg_password="$(openssl rand -hex 24)"
  kubectl -n "$ns" create secret generic dev-postgres --from-literal=POSTGRES_PASSWORD="$pg_password"
fi
database_url="postgres://tronpay:${pg_password}@postgres:5432/tronpay"
redis_url="redis://redis:6379"

for svc in tron-client wallet usdt staking gateway payout; do
  exists "tronpay-$svc" && { echo "tronpay-$svc exists: kept"; continue; }
  set -- --from-literal=DATABASE_URL="$database_url" --from-literal=REDIS_URL="$redis_url"
  case "$svc" in
    wallet) set -- "$@" --from-literal=WALLET_KEK="$(openssl rand -hex 32)" ;;
    gateway)
      admin_key="tp_admin_$(openssl rand -hex 18)"
      set -- "$@" --from-literal=GATEWAY_SECRET_KEY="$(openssl rand -hex 32)" --from-literal=ADMIN_API_KEY="$admin_key"
      echo "admin API key (shown once): $admin_key" ;;
  esac
  kubectl -n "$ns" create secret generic "tronpay-$svc" "$@"
done
