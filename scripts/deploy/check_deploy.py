"""Cross-checks of deploy/ that need the product: the Grafana dashboard names only metrics
`bench serve` exports (from a running server's /metrics), the Indexed Jobs' SHARDS and
GENERATORS equal their completions, and the GitHub workflow parses. Prints what it checked; exit 1 on a problem.
Usage: python3 scripts/deploy/check_deploy.py path/to/bench"""
import json
import re
import subprocess
import sys
import tempfile
import urllib.request

import yaml

problems = []


def exported_metrics(bench):
    """Metric names in the server's exposition: counters as named, histograms with their
    _bucket, _sum and _count series."""
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([bench, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=log, text=True)
        try:
            line = server.stdout.readline()
            match = re.search(r"listening on (http://\S+)", line)
            if not match:
                log.seek(0)
                sys.exit(f"check: bench serve did not start: {line!r} {log.read()!r}")
            base = match.group(1)
            urllib.request.urlopen(base + "/v2/health/ready").read()
            text = urllib.request.urlopen(base + "/metrics").read().decode()
        finally:
            server.terminate()
            server.wait(timeout=30)
    names = set()
    for name, kind in re.findall(r"^# TYPE (\S+) (\S+)$", text, re.M):
        names.add(name)
        if kind == "histogram":
            names.update({name + "_bucket", name + "_sum", name + "_count"})
    return names


def check_dashboard(bench):
    path = "deploy/grafana/bench-serve.json"
    dashboard = json.load(open(path))
    exported = exported_metrics(bench)
    expressions = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    expressions += [v["definition"] for v in dashboard["templating"]["list"] if "definition" in v]
    if not expressions:
        problems.append(f"{path}: no queries")
    used = set()
    for expr in expressions:
        used.update(re.findall(r"\b(benchkit_[a-zA-Z0-9_:]+)", expr))
        for inner in re.findall(r"histogram_quantile\([^,]+,\s*sum by \([^)]*\) \(rate\((\w+)", expr):
            if not inner.endswith("_bucket"):
                problems.append(f"{path}: histogram_quantile over {inner}, not a _bucket series")
    unknown = sorted(used - exported)
    if unknown:
        problems.append(f"{path}: metrics bench serve does not export: {', '.join(unknown)}")
    for panel in dashboard["panels"]:
        if not panel.get("targets"):
            problems.append(f"{path}: panel {panel.get('title')!r} has no query")
    print(f"{path}: {len(dashboard['panels'])} panels, {len(expressions)} queries, "
          f"metrics used {sorted(used)}; exported by bench serve: {sorted(exported)}")


def check_job(path, variable):
    """An Indexed Job whose pods take `--shard $((JOB_COMPLETION_INDEX + 1))/$variable`:
    the variable must equal completions, or parts would be lost (or the shard refused)."""
    job = yaml.safe_load(open(path))
    env = {e["name"]: e.get("value") for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    completions = job["spec"]["completions"]
    if job["spec"].get("completionMode") != "Indexed":
        problems.append(f"{path}: completionMode must be Indexed (JOB_COMPLETION_INDEX picks the shard)")
    if str(completions) != env.get(variable):
        problems.append(f"{path}: {variable}={env.get(variable)} but completions={completions}; parts would be lost")
    print(f"{path}: Indexed, {completions} completions = {variable}")


def check_workflow():
    path = ".github/workflows/bench-sharded.yml"
    workflow = yaml.safe_load(open(path))
    jobs = workflow["jobs"]
    print(f"{path}: parses; jobs {sorted(jobs)}")


check_dashboard(sys.argv[1] if len(sys.argv) > 1 else ".build/release/bench")
check_job("deploy/kubernetes/bench-sharded-job.yaml", "SHARDS")
check_job("deploy/kubernetes/load-sharded-job.yaml", "GENERATORS")
check_workflow()
for problem in problems:
    print("FAIL", problem)
sys.exit(1 if problems else 0)
