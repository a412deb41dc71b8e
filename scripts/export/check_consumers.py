#!/usr/bin/env python3
"""Reads BenchKit's outputs with the tools that consume them, as an independent check:
  - `bench export --format junit` with junitparser (counts, time, skipped reasons, failures);
  - `bench export --format google-benchmark` with Google Benchmark's own tools/compare.py
    (its gbench package: the difference report and U test over the repetitions), plus the
    1.9 field set;
  - `bench export --format openmetrics` with prometheus_client's strict OpenMetrics parser
    and its Prometheus text parser;
  - a live `bench serve`'s /metrics, negotiated both ways, with the same two parsers;
  - the GitHub workflows with actionlint, when it is on PATH.
Result files are made here (a base, a new one 20% slower on one benchmark, one benchmark
only in the base, names with markup and control characters). Prints what each consumer
read; exits 1 on the first problem.
Usage: check_consumers.py BENCH GBENCH_TOOLS_DIR   (GBENCH_TOOLS_DIR holds compare.py and gbench/)"""
import io, json, os, random, re, shutil, subprocess, sys, tempfile, urllib.request
from contextlib import redirect_stdout

bench, gbench_dir = sys.argv[1], sys.argv[2]
sys.path.insert(0, gbench_dir)
import junitparser
from gbench import report as gbench_report
from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_prometheus

work = tempfile.mkdtemp(prefix="bench-consumers-")
rng = random.Random(7)


def samples(center, processes=9, count=15, spread=0.01):
    groups = []
    for _ in range(processes):
        shift = rng.gauss(0, spread / 2)
        groups.append([center * (1 + shift + rng.gauss(0, spread)) for _ in range(count)])
    return groups


def result(path, slow, created, extra):
    benchmarks = [
        {"name": "matmul/fp32/n=256", "iterationsPerSample": [4] * 9,
         "metrics": {"time": {"unit": "ns", "better": "lower", "samples": samples(2.0e6 * slow)},
                     "gflops": {"unit": "GFLOP/s", "better": "higher", "samples": samples(16.7 / slow)}}},
        {"name": "quoted \"name\" <&> tab\there \\ bell\u0007", "metrics": {
            "time": {"unit": "us", "better": "lower", "samples": samples(120)},
            "error": {"unit": "", "better": "lower", "value": 1e-6, "tolerance": 1e-5}}},
        {"name": "few/processes", "metrics": {"time": {"unit": "ns", "better": "lower", "samples": samples(500 * slow, processes=1)}}},
    ] + extra
    env = {"cpu": "check", "cores": os.cpu_count(), "build": "release", "hostname": os.uname().nodename}
    json.dump({"schema": "bench-result/1", "suite": "consumers", "createdAt": created, "environment": env,
               "benchmarks": benchmarks}, open(path, "w"))


base, new = os.path.join(work, "base.json"), os.path.join(work, "new.json")
result(base, 1.0, "2026-11-22T08:00:00Z", [{"name": "only/in/base", "metrics": {"time": {"unit": "ns", "better": "lower", "samples": samples(10)}}}])
result(new, 1.2, "2026-11-22T09:00:00Z", [])


def export(fmt, *files):
    return subprocess.run([bench, "export", "--format", fmt, *files], check=True, capture_output=True, text=True).stdout


def check_junit():
    path = os.path.join(work, "junit.xml")
    open(path, "w").write(export("junit", base, new))
    xml = junitparser.JUnitXml.fromfile(path)
    suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]
    assert len(suites) == 1
    suite = suites[0]
    cases = list(suite)
    outcome = lambda case, kind: [r for r in case.result if isinstance(r, kind)]
    failures = [c for c in cases if outcome(c, junitparser.Failure)]
    skipped = [c for c in cases if outcome(c, junitparser.Skipped)]
    assert suite.tests == len(cases) == 6, (suite.tests, len(cases))
    assert suite.failures == len(failures) and suite.skipped == len(skipped), (suite.failures, suite.skipped)
    assert abs(suite.time - sum(c.time for c in cases)) < 1e-6, (suite.time, sum(c.time for c in cases))
    matmul = next(c for c in cases if c.classname == "matmul/fp32/n=256" and c.name == "time")
    assert abs(matmul.time - 2.4e-3) < 2.4e-3 * 0.03, matmul.time
    assert {(c.classname, c.name) for c in failures} >= {("matmul/fp32/n=256", "time")}
    reasons = {c.classname: outcome(c, junitparser.Skipped)[0].message for c in skipped}
    assert reasons["few/processes"].startswith("inconclusive: "), reasons
    assert reasons["only/in/base"].startswith("missing from the new result"), reasons
    assert any("\u2407" in c.classname and "\t" in c.classname for c in cases), "control characters shown, tab kept"
    return (f"junitparser: {suite.tests} tests, {suite.failures} failures, {suite.skipped} skipped, "
            f"time {suite.time:.6f} s (sum of cases); matmul time {matmul.time * 1e3:.3f} ms; "
            f"skipped: {sorted(reasons)}")


def check_google_benchmark():
    docs = [json.loads(export("google-benchmark", path)) for path in (base, new)]
    for doc in docs:
        context = doc["context"]
        for key in ("date", "host_name", "executable", "num_cpus", "mhz_per_cpu", "cpu_scaling_enabled", "caches",
                    "load_avg", "library_version", "library_build_type", "json_schema_version"):
            assert key in context, key
        assert context["json_schema_version"] == 1 and context["mhz_per_cpu"] > 0, context
        for run in doc["benchmarks"]:
            if run["run_type"] == "aggregate":
                assert run["iterations"] == run["repetitions"], run
                assert run["aggregate_unit"] == ("percentage" if run["aggregate_name"] == "cv" else "time"), run
            else:
                assert run["repetition_index"] < run["repetitions"], run
    matmul = [r for r in docs[0]["benchmarks"] if r["run_name"] == "matmul/fp32/n=256"]
    assert [r.get("aggregate_name") for r in matmul if r["run_type"] == "aggregate"] == ["mean", "median", "stddev", "cv"]
    reps = sorted(r["gflops"] for r in matmul if r["run_type"] == "iteration")
    median_row = next(r for r in matmul if r.get("aggregate_name") == "median")
    assert median_row["gflops"] == reps[len(reps) // 2], "the median row's counter is the median"
    report = gbench_report.get_difference_report(docs[0], docs[1], utest=True)
    with redirect_stdout(io.StringIO()):
        lines = gbench_report.print_difference_report(report, utest=True, use_color=False)
    row = next(r for r in report if r["name"] == "matmul/fp32/n=256")
    pvalue = row["utest"]["time_pvalue"]
    mean_change = next(m for m in report if m["name"] == "matmul/fp32/n=256_mean")["measurements"][0]["time"]
    assert row["utest"]["have_optimal_repetitions"] and pvalue < 0.05 and 0.15 < mean_change < 0.25, (pvalue, mean_change)
    return (f"compare.py's gbench ({gbench_dir}): {len(report)} report rows, matmul mean time {mean_change:+.4f}, U test p={pvalue:.5f} over "
            f"{row['utest']['nr_of_repetitions']} vs {row['utest']['nr_of_repetitions_other']} repetitions; "
            f"{len(lines)} report lines; context mhz_per_cpu {docs[0]['context']['mhz_per_cpu']}")


def families(text, parser):
    return {f.name: (f.type, len(f.samples)) for f in parser(text)}


def check_openmetrics_export():
    text = export("openmetrics", base, new)
    strict = families(text, parse_openmetrics)
    loose = families(text, parse_prometheus)
    assert strict.keys() == loose.keys() and "bench_regression" in strict, (strict, loose)
    return f"openmetrics export: {len(strict)} families, {sum(n for _, n in strict.values())} samples, both parsers"


def check_server():
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([bench, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=log, text=True)
        try:
            match = re.search(r"listening on (http://\S+)", server.stdout.readline())
            assert match, "bench serve did not start"
            url = match.group(1)
            for path in ("/v2/health/ready", "/v2/models/nope", "/v2"):
                try:
                    urllib.request.urlopen(url + path).read()
                except urllib.error.HTTPError:
                    pass
            accept = ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                      "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
            answers = {}
            for name, header in (("openmetrics", accept), ("prometheus", None)):
                request = urllib.request.Request(url + "/metrics", headers={"Accept": header} if header else {})
                with urllib.request.urlopen(request) as response:
                    answers[name] = (response.headers["Content-Type"], response.read().decode())
        finally:
            server.terminate()
            server.wait(timeout=30)
    om_type, om_text = answers["openmetrics"]
    prom_type, prom_text = answers["prometheus"]
    assert om_type.startswith("application/openmetrics-text; version=1.0.0"), om_type
    assert prom_type.startswith("text/plain; version=0.0.4"), prom_type
    strict = families(om_text, parse_openmetrics)
    loose = families(prom_text, parse_prometheus)
    assert strict["benchkit_requests"][0] == "counter" and loose["benchkit_requests"][0] == "counter", (strict, loose)
    assert strict.keys() == loose.keys(), (strict.keys(), loose.keys())
    return (f"bench serve /metrics: OpenMetrics ({om_type}) {len(strict)} families via the strict parser; "
            f"Prometheus ({prom_type}) {len(loose)} families; {sorted(strict)}")


def check_workflows():
    actionlint = shutil.which("actionlint")
    if not actionlint:
        return "actionlint: not on PATH, skipped"
    out = subprocess.run([actionlint, ".github/workflows/bench.yml", ".github/workflows/bench-sharded.yml"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    version = subprocess.run([actionlint, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return f"actionlint {version}: .github/workflows/bench.yml, bench-sharded.yml clean (shellcheck {'on' if shutil.which('shellcheck') else 'off'})"


try:
    for check in (check_junit, check_google_benchmark, check_openmetrics_export, check_server, check_workflows):
        print(check())
    print("all consumers read BenchKit's outputs")
finally:
    shutil.rmtree(work, ignore_errors=True)
