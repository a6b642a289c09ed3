#!/usr/bin/env bash
# Checks that moto's CloudWatch-compatible server (used by test/adapters/cloudwatch) can start:
# the machine image's python3 ships moto with its server. Prints the version and starts it once on
# a free loopback port. Usage: bash scripts/cloudwatch/check-moto.sh
set -euo pipefail
python3 -c 'import moto, sys; print(f"moto {moto.__version__} (python {sys.version.split()[0]})")'
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 -m moto.server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/" 2>/dev/null; then
    echo "moto server answered on 127.0.0.1:$port"
    exit 0
  fi
  sleep 0.1
done
echo "moto server did not answer on 127.0.0.1:$port within 10s" >&2
exit 1
