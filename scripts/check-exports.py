#!/usr/bin/env python3
"""Cross-checks `bench export` with independent parsers (Python's xml.etree and json, and
a regex reading of the OpenMetrics grammar), from a result file and from a comparison.
Usage: check-exports.py BENCH BASE.json NEW.json    Exits non-zero on the first problem."""
import json, re, subprocess, sys
import xml.etree.ElementTree as ET

bench, base, new = sys.argv[1:4]

def export(fmt, *files):
    return subprocess.run([bench, "export", "--format", fmt, *files], check=True, capture_output=True, text=True).stdout

def check_junit(text, judged):
    root = ET.fromstring(text)
    assert root.tag == "testsuites", root.tag
    suites = root.findall("testsuite")
    assert len(suites) == 1
    cases = suites[0].findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert int(suites[0].get("tests")) == len(cases) > 0
    assert int(suites[0].get("failures")) == len(failures) == int(root.get("failures"))
    for case in cases:
        assert case.get("classname") and case.get("name") and case.get("time") is not None
    for case in failures:
        message = case.find("failure").get("message")
        assert message.startswith("regression: ") and "p(adj)" in message and "threshold" in message, message
    if not judged:
        assert not failures
    return f"junit: {len(cases)} cases, {len(failures)} failures"

def check_github(text, direction):
    entries = json.loads(text)
    assert isinstance(entries, list)
    for e in entries:
        assert set(e) <= {"name", "unit", "value", "range", "extra"}, e
        assert isinstance(e["name"], str) and isinstance(e["unit"], str)
        assert isinstance(e["value"], (int, float)) and not isinstance(e["value"], bool)
        for key in ("range", "extra"):
            assert key not in e or isinstance(e[key], str)
    return f"github-benchmark ({direction}): {len(entries)} entries"

def check_google(text):
    doc = json.loads(text)
    assert {"context", "benchmarks"} <= set(doc)
    for key in ("date", "host_name", "executable", "num_cpus", "library_build_type"):
        assert key in doc["context"], key
    runs = doc["benchmarks"]
    for r in runs:
        for key in ("name", "run_name", "run_type", "repetitions", "threads", "iterations", "real_time", "cpu_time", "time_unit"):
            assert key in r, (key, r["name"])
        assert r["run_type"] in ("iteration", "aggregate") and r["time_unit"] in ("ns", "us", "ms", "s")
        if r["run_type"] == "aggregate":
            assert r["aggregate_name"] in ("mean", "median", "stddev", "cv")
    names = {r["run_name"] for r in runs}
    for name in names:
        iterations = [r for r in runs if r["run_name"] == name and r["run_type"] == "iteration"]
        assert len(iterations) == iterations[0]["repetitions"]
    return f"google-benchmark: {len(runs)} runs over {len(names)} benchmarks"

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\} (\S+)$')
def check_openmetrics(text, judged):
    lines = text.split("\n")
    assert lines[-1] == "" and lines[-2] == "# EOF", "must end with # EOF and a newline"
    families, current, samples = {}, None, 0
    for line in lines[:-2]:
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            assert name not in families, f"family {name} repeated"
            families[name], current = kind, name
        elif line.startswith("# HELP "):
            assert line.split(" ")[2] == current
        else:
            m = SAMPLE.match(line)
            assert m, f"bad sample line: {line}"
            assert m.group(1) == current, f"{m.group(1)} outside its family"
            float(m.group(3))
            samples += 1
    assert all(kind == "gauge" for kind in families.values())
    assert ("bench_regression" in families) == judged
    return f"openmetrics: {len(families)} families, {samples} samples"

for files, judged in (([new], False), ([base, new], True)):
    print(check_junit(export("junit", *files), judged))
    print(check_github(export("github-benchmark", *files), "smaller"))
    print(check_github(export("github-benchmark-bigger", *files), "bigger"))
    print(check_google(export("google-benchmark", *files)))
    print(check_openmetrics(export("openmetrics", *files), judged))
print("all exports valid")
