"""Throughput and p95 latency of ``xlahp serve`` with 1 and with 2 workers.

Starts ``xlahp serve`` on 127.0.0.1 (a free port, plain HTTP), sends a fixed number of
custom-function calls — the calls a template's 一対比較 sheet makes, on the paper's
図8 matrix — 8 at a time, prints calls/s and the latency percentiles, then the median
time of a call as large as the server accepts (141×141 cells, which xlwings converts
before AHP_WEIGHTS refuses it) and its ratio to a small call's, stops the server and
moves to the next worker count. Nothing leaves this machine; it stops by itself.

    python benchmarks/bench_serve.py [--calls 400] [--workers 1 2]

Needs ``pip install -e ".[server]"``; uses XLWINGS_LICENSE_KEY=noncommercial unless a
key is set.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from xlahp.core import paper

HOST = "127.0.0.1"
CONCURRENCY = 8
FIG8 = [list(r) for r in paper.FIG8]
CALLS = [("AHP_WEIGHTS", [FIG8, None]), ("AHP_LAMBDA", [FIG8]), ("AHP_CI", [FIG8]),
         ("AHP_CR", [FIG8, None]), ("AHP_TRIADS", [FIG8, None]),
         ("AHP_TRIADS_MAX", [[[5]], None, None]), ("AHP_SUMMARY", [FIG8, None, None])]
LARGE = ("AHP_WEIGHTS", [[[1] * 141] * 141, None])  # 19,881 cells, under the server's bound


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def body(name: str, args: list) -> bytes:
    return json.dumps({"func_name": name, "args": args, "version": "0.37.8",
                       "client": "Office.js", "runtime": "1.4", "caller_address": "一対比較!B2",
                       "culture_info_name": "ja-JP", "date_format": "yyyy/MM/dd"}).encode()


def wait_ready(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if server.poll() is not None:
            raise SystemExit(f"xlahp serve exited ({server.returncode})")
        try:
            c = http.client.HTTPConnection(HOST, port, timeout=2)
            c.request("GET", "/")
            if c.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("xlahp serve did not answer within 60 s")


def measure(port: int, calls: int) -> tuple[float, list[float]]:
    payloads = [body(*CALLS[i % len(CALLS)]) for i in range(calls)]

    def worker(chunk: list[bytes]) -> list[float]:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)  # keep-alive
        latencies = []
        for payload in chunk:
            start = time.perf_counter()
            connection.request("POST", "/xlwings/custom-functions-call", payload,
                               {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"HTTP {response.status}")
            latencies.append(time.perf_counter() - start)
        connection.close()
        return latencies

    chunks = [payloads[i::CONCURRENCY] for i in range(CONCURRENCY)]
    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        latencies = [t for part in pool.map(worker, chunks) for t in part]
    return time.perf_counter() - start, latencies


def large_call(port: int, times: int = 9) -> float:
    """Median seconds of one LARGE call (answered 400: AHP_WEIGHTS takes 15 items at most)."""
    payload, seconds = body(*LARGE), []
    for _ in range(times):
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        start = time.perf_counter()
        connection.request("POST", "/xlwings/custom-functions-call", payload,
                           {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        seconds.append(time.perf_counter() - start)
        connection.close()
        if response.status != 400:
            raise SystemExit(f"large call: HTTP {response.status}")
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    options = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    print(f"{options.calls} calls, {CONCURRENCY} at a time, on {os.cpu_count()} cores")
    print(f"{'workers':>7} {'calls/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
          f"{'large ms':>8} {'large/p50':>9}")
    for workers in options.workers:
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "xlahp.apps.cli", "serve", "--host", HOST,
                                   "--port", str(port), "--workers", str(workers)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_ready(port, server)
            measure(port, 4 * CONCURRENCY)  # warm every worker's imports
            elapsed, latencies = measure(port, options.calls)
            large = large_call(port)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        q = statistics.quantiles(latencies, n=100)
        print(f"{workers:>7} {len(latencies) / elapsed:>8.0f} {q[49] * 1e3:>7.1f} "
              f"{q[94] * 1e3:>7.1f} {max(latencies) * 1e3:>7.1f} {large * 1e3:>8.0f} "
              f"{large / q[49]:>9.1f}")


if __name__ == "__main__":
    main()
