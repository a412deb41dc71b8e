#!/usr/bin/env python3
"""Cross-check: real clients (tritonclient.http with its defaults, the KServe SDK's
InferenceRESTClient with binary_data=True) against `bench serve`, unchanged.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install 'tritonclient[http]' numpy kserve
    /tmp/venv/bin/python scripts/serving/interop_check.py --bench .build/release/bench

Starts `bench serve` on a free port (or uses --url), runs every check, prints one line per
check and exits 1 if any failed. --record DIR also writes a binary request made by
tritonclient and the server's answer (the pair Tests/ServingTests/Protocol replays).
"""
import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request

import numpy as np

MODEL = "mlp-fp32"
failures = []


def check(name, condition, detail=""):
    print(("ok    " if condition else "FAIL  ") + name + (f"  ({detail})" if detail else ""))
    if not condition:
        failures.append(name)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(bench):
    port = free_port()
    proc = subprocess.Popen([bench, "serve", "--port", str(port)], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "listening" not in line:
        proc.kill()
        sys.exit(f"bench serve did not start: {line!r}")
    return proc, f"127.0.0.1:{port}"


def inputs_array(rows, seed=7):
    return np.random.default_rng(seed).standard_normal((rows, 64)).astype(np.float32)


def check_probabilities(name, probabilities, labels, rows):
    check(f"{name}: probabilities shape", probabilities is not None and probabilities.shape[0] == rows,
          None if probabilities is None else str(probabilities.shape))
    if probabilities is None:
        return
    check(f"{name}: rows sum to 1", np.allclose(probabilities.sum(axis=1), 1, atol=1e-4))
    if labels is not None:
        check(f"{name}: label is the argmax", np.array_equal(labels.reshape(-1), probabilities.argmax(axis=1)))


def tritonclient_checks(url, record):
    import tritonclient.http as httpclient

    client = httpclient.InferenceServerClient(url=url)
    check("tritonclient: is_server_live / is_server_ready", client.is_server_live() and client.is_server_ready())
    check("tritonclient: is_model_ready", client.is_model_ready(MODEL))
    metadata = client.get_model_metadata(MODEL)
    check("tritonclient: get_model_metadata", metadata["inputs"][0]["name"] == "input", str(metadata["inputs"]))
    config = client.get_model_config(MODEL)
    check("tritonclient: get_model_config", config.get("max_batch_size", 0) > 0 and config["input"][0]["dims"] == [64],
          f"max_batch_size {config.get('max_batch_size')}, input {config.get('input')}")
    versioned = client.get_model_config(MODEL, model_version="1")
    check("tritonclient: get_model_config, version 1", versioned["name"] == MODEL)
    check("tritonclient: server metadata lists binary_tensor_data",
          "binary_tensor_data" in client.get_server_metadata().get("extensions", []))

    before = client.get_inference_statistics(MODEL)["model_stats"][0]["inference_stats"]["success"]["count"]
    data = inputs_array(3)
    # Defaults: binary input, no outputs named, so binary_data_output is requested.
    inp = httpclient.InferInput("input", list(data.shape), "FP32")
    inp.set_data_from_numpy(data)
    result = client.infer(MODEL, [inp])
    check_probabilities("tritonclient infer (defaults: binary in, binary out)",
                        result.as_numpy("probabilities"), result.as_numpy("label"), 3)
    # Named outputs, binary by default; one output as JSON; JSON input; a versioned route.
    outs = [httpclient.InferRequestedOutput("probabilities"), httpclient.InferRequestedOutput("label", binary_data=False)]
    result = client.infer(MODEL, [inp], outputs=outs, request_id="r-7", model_version="1")
    check_probabilities("tritonclient infer (binary + JSON outputs, version 1)",
                        result.as_numpy("probabilities"), result.as_numpy("label"), 3)
    check("tritonclient infer: id echoed", result.get_response().get("id") == "r-7")
    json_in = httpclient.InferInput("input", list(data.shape), "FP32")
    json_in.set_data_from_numpy(data, binary_data=False)
    result = client.infer(MODEL, [json_in], outputs=[httpclient.InferRequestedOutput("probabilities", binary_data=False)])
    check_probabilities("tritonclient infer (JSON in, JSON out)", result.as_numpy("probabilities"), None, 3)

    stats = client.get_inference_statistics(MODEL)["model_stats"][0]
    after = stats["inference_stats"]["success"]["count"]
    check("tritonclient: get_inference_statistics counts the 3 inferences", after - before == 3, f"{before} -> {after}")
    check("tritonclient: statistics have queue and compute_infer",
          stats["inference_stats"]["compute_infer"]["count"] == after and stats["inference_stats"]["queue"]["ns"] >= 0)
    every = client.get_inference_statistics()["model_stats"]
    check("tritonclient: get_inference_statistics for all models", len(every) == 3, str([m["name"] for m in every]))
    try:
        client.infer("no-such-model", [inp])
        check("tritonclient: unknown model raises", False)
    except Exception as error:  # InferenceServerException
        check("tritonclient: unknown model raises with the server's message", "unknown model" in str(error), str(error))

    if record:
        one = inputs_array(1, seed=11)
        inp = httpclient.InferInput("input", [1, 64], "FP32")
        inp.set_data_from_numpy(one)
        body, json_size = httpclient.InferenceServerClient.generate_request_body([inp], request_id="rec-1")
        request = urllib.request.Request(f"http://{url}/v2/models/{MODEL}/infer", data=body, method="POST",
                                         headers={"Inference-Header-Content-Length": str(json_size)})
        with urllib.request.urlopen(request) as response:
            answer = response.read()
            header_length = int(response.headers["Inference-Header-Content-Length"])
        parsed = httpclient.InferenceServerClient.parse_response_body(answer, header_length=header_length)
        check_probabilities("recorded pair parses in tritonclient", parsed.as_numpy("probabilities"), parsed.as_numpy("label"), 1)
        os.makedirs(record, exist_ok=True)
        for name, blob in [("triton_request.bin", body), ("triton_response.bin", answer)]:
            with open(os.path.join(record, name), "wb") as f:
                f.write(blob)
        print(f"recorded request ({len(body)} bytes, JSON {json_size}) and response ({len(answer)} bytes, JSON {header_length}) in {record}")


def kserve_checks(url):
    try:
        from kserve import InferenceRESTClient, InferInput, InferRequest, RESTConfig
        from kserve.protocol.infer_type import RequestedOutput
    except ImportError as error:
        print(f"skip  KServe SDK not installed ({error})")
        return

    async def run():
        client = InferenceRESTClient(RESTConfig(protocol="v2"))
        data = inputs_array(2, seed=3)
        inp = InferInput(name="input", shape=list(data.shape), datatype="FP32")
        inp.set_data_from_numpy(data, binary_data=True)
        request = InferRequest(model_name=MODEL, infer_inputs=[inp], request_id="k-1",
                               request_outputs=[RequestedOutput("probabilities", parameters={"binary_data": True}),
                                                RequestedOutput("label", parameters={"binary_data": True})])
        response = await client.infer(f"http://{url}", request, model_name=MODEL)
        outputs = {o.name: o.as_numpy() for o in response.outputs}
        check_probabilities("KServe InferenceRESTClient (binary_data=True in and out)",
                            outputs.get("probabilities"), outputs.get("label"), 2)
        await client._client.aclose()

    asyncio.run(run())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", default=".build/release/bench", help="bench binary that serves (default %(default)s)")
    parser.add_argument("--url", help="use a running server at host:port instead of starting one")
    parser.add_argument("--record", help="directory for the recorded binary request/response pair")
    args = parser.parse_args()
    proc = None
    url = args.url
    if url is None:
        proc, url = start_server(args.bench)
    try:
        tritonclient_checks(url, args.record)
        kserve_checks(url)
    finally:
        if proc:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"{len(failures)} failed" if failures else "all checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
