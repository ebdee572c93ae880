#!/usr/bin/env bash
# LOCAL DEVELOPMENT ONLY: creates what the local overlay expects but must not commit, in the current kubectl
# context (a local cluster), after `kubectl apply -k infra/k8s/overlays/local`:
#   - random development secrets (auth-server-secrets, user-service-secrets, order-service-secrets, gateway-secrets
#     in "portcullis",
#     postgresql-credentials in "portcullis-data"), unless they exist already
#   - the ConfigMap "platform-ca" (the local CA certificate) the edge verifies the backends with
# The pods wait (CreateContainerConfigError) until the secrets exist, then start by themselves.
# Refuses any context that does not look local; PORTCULLIS_ALLOW_CONTEXT=<name> overrides that.
set -euo pipefail

context="$(kubectl config current-context)"
case "$context" in
  kind-*|minikube|docker-desktop|rancher-desktop|orbstack|k3d-*) ;;
  *) [ "${PORTCULLIS_ALLOW_CONTEXT:-}" = "$context" ] \
       || { echo "secrets.sh: '$context' does not look like a local cluster; see the header" >&2; exit 1; } ;;
esac
command -v openssl >/dev/null || { echo "secrets.sh: openssl is required" >&2; exit 1; }

random() { openssl rand -base64 32; }
urlsafe() { openssl rand -base64 32 | tr '+/' '-_' | tr -d '='; }
exists() { kubectl -n "$1" get secret "$2" >/dev/null 2>&1; }
create() {
  local namespace="$1" name="$2" args=()
  shift 2
  for pair in "$@"; do args+=("--from-literal=$pair"); done
  kubectl -n "$namespace" create secret generic "$name" "${args[@]}" >/dev/null
  echo "created secret $namespace/$name"
}

present=0
for secret in portcullis/auth-server-secrets portcullis/user-service-secrets portcullis/order-service-secrets \
    portcullis/gateway-secrets portcullis-data/postgresql-credentials; do
  if exists "${secret%%/*}" "${secret#*/}"; then present=$((present + 1)); fi
done
if [ "$present" = 5 ]; then
  echo "the development secrets exist; kept"
elif [ "$present" = 0 ]; then
  # shared between the services and the database: the feed client's secret, the order-service client's secret
  # and the database passwords
  feed_secret="$(urlsafe)"
  order_service_secret="$(urlsafe)"
  auth_db_password="$(urlsafe)"
  users_db_password="$(urlsafe)"
  orders_db_password="$(urlsafe)"
  create portcullis-data postgresql-credentials "POSTGRES_PASSWORD=$(urlsafe)" \
    "AUTH_DB_PASSWORD=$auth_db_password" "USERS_DB_PASSWORD=$users_db_password" \
    "ORDERS_DB_PASSWORD=$orders_db_password"
  create portcullis auth-server-secrets "KEY_ENCRYPTION_KEY=$(random)" "SECRET_HASH_KEY=$(random)" \
    ADMIN_CLIENT_ID=portcullis-admin "ADMIN_CLIENT_SECRET=$(urlsafe)" "FEED_CLIENT_SECRET=$feed_secret" \
    "ORDER_SERVICE_CLIENT_SECRET=$order_service_secret" \
    DB_URL=jdbc:postgresql://postgresql:5432/portcullis_auth DB_USER=portcullis_auth \
    "DB_PASSWORD=$auth_db_password"
  create portcullis user-service-secrets "FEED_CLIENT_SECRET=$feed_secret" \
    DB_URL=jdbc:postgresql://postgresql:5432/portcullis_users DB_USER=portcullis_users \
    "DB_PASSWORD=$users_db_password"
  create portcullis order-service-secrets "FEED_CLIENT_SECRET=$feed_secret" \
    "CLIENT_SECRET=$order_service_secret" \
    DB_URL=jdbc:postgresql://postgresql:5432/portcullis_orders DB_USER=portcullis_orders \
    "DB_PASSWORD=$orders_db_password"
  create portcullis gateway-secrets "FEED_CLIENT_SECRET=$feed_secret"
else
  echo "secrets.sh: only some development secrets exist; delete them to start over:" >&2
  echo "  kubectl -n portcullis delete secret auth-server-secrets user-service-secrets order-service-secrets \\" >&2
  echo "    gateway-secrets" >&2
  echo "  kubectl -n portcullis-data delete secret postgresql-credentials   (and the PostgreSQL volume)" >&2
  exit 1
fi

echo "waiting for cert-manager to issue the local CA"
kubectl -n cert-manager wait --for=condition=Ready certificate/portcullis-local-ca --timeout=180s >/dev/null
ca="$(kubectl -n cert-manager get secret portcullis-local-ca -o jsonpath='{.data.ca\.crt}' | openssl base64 -d -A)"
kubectl -n portcullis create configmap platform-ca --from-literal=ca.crt="$ca" --dry-run=client -o yaml \
  | kubectl apply -f - >/dev/null
echo "ConfigMap portcullis/platform-ca holds the local CA"

cat <<'NEXT'

Next:
  kubectl -n portcullis rollout status deployment/auth-server deployment/user-service deployment/order-service \
    deployment/gateway
  kubectl -n cert-manager get secret portcullis-local-ca -o jsonpath='{.data.ca\.crt}' | base64 -d > portcullis-local-ca.crt
  EDGE=$(kubectl -n envoy-gateway-system get svc \
    -l gateway.envoyproxy.io/owning-gateway-namespace=portcullis,gateway.envoyproxy.io/owning-gateway-name=edge \
    -o jsonpath='{.items[0].status.loadBalancer.ingress[0].ip}')
  curl --cacert portcullis-local-ca.crt --resolve auth.portcullis.test:443:$EDGE \
    https://auth.portcullis.test/.well-known/oauth-authorization-server
  The admin API stays inside the cluster: kubectl -n portcullis port-forward svc/auth-server 9443
  (admin client: portcullis-admin; its secret: kubectl -n portcullis get secret auth-server-secrets
   -o jsonpath='{.data.ADMIN_CLIENT_SECRET}' | base64 -d)
NEXT
