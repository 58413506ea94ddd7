#!/usr/bin/env python3
"""Session overhead, side by side in one run against gsudo's emulator (loopback, no latency).

    python3 bench/session.py [--runs N]

Medians of:
  a. `true`                                   vs  `gsudo -s SA -R r true`
  b. `gcloud auth print-access-token --impersonate-service-account=SA`
                                              vs  `gsudo -s SA -R r gcloud auth print-access-token`
and gsudo's own cost: the wall time of `gsudo ... true` less the round trips it must make
(refreshing the caller's token and minting), which `gsudo -v` reports. Target: under 10 ms.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import fence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GSUDO = os.path.join(ROOT, "target", "release", "gsudo")
SA = "deployer@sandbox-project.iam.gserviceaccount.com"
ALICE_REFRESH = "sandbox-refresh-alice"  # the demo world's, not a secret


def median_ms(argv, env, runs, check=True):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)
        if check and done.returncode != 0:
            sys.exit(f"{argv} failed with {done.returncode}")
    return statistics.median(times)


def own_cost_ms(env, runs):
    """Wall time of `gsudo -v ... true` less the round trips -v reports."""
    costs, trips = [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([GSUDO, "-v", "-s", SA, "-R", "bench", "true"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        wall = (time.perf_counter() - started) * 1000
        round_trips = 0.0
        for line in done.stderr.splitlines():
            m = re.search(r"\(([0-9.]+) ms\)$", line)
            if m and ("caller token from" in line or "gsudo: http:" in line):
                round_trips += float(m.group(1))
        costs.append(wall - round_trips)
        trips.append(round_trips)
    return statistics.median(costs), statistics.median(trips)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    home = tempfile.mkdtemp(prefix="gsudo-bench-")
    emulator = subprocess.Popen([GSUDO, "sandbox", "serve", "--audit-log", os.path.join(home, "audit.jsonl")],
                                stdout=subprocess.PIPE, text=True)
    try:
        url = emulator.stdout.readline().strip().removeprefix("listening on ")
        gcloud_dir = os.path.join(home, ".config", "gcloud")
        os.makedirs(os.path.join(gcloud_dir, "configurations"))
        with open(os.path.join(gcloud_dir, "active_config"), "w") as f:
            f.write("default")
        with open(os.path.join(gcloud_dir, "configurations", "config_default"), "w") as f:
            f.write(f"[core]\nproject = sandbox-project\n[api_endpoint_overrides]\n"
                    f"iamcredentials = {url}\nstorage = {url}\n")
        with open(os.path.join(gcloud_dir, "application_default_credentials.json"), "w") as f:
            json.dump({"type": "authorized_user", "client_id": "b", "client_secret": "b",
                       "refresh_token": ALICE_REFRESH, "token_uri": f"{url}token"}, f)
        # gcloud's own impersonation needs a gcloud credential: alice's token in a token file.
        body = f"grant_type=refresh_token&refresh_token={ALICE_REFRESH}".encode()
        with urllib.request.urlopen(urllib.request.Request(f"{url}token", data=body)) as r:
            alice_token = json.load(r)["access_token"]
        token_file = os.path.join(home, "alice-token")
        with open(token_file, "w") as f:
            f.write(alice_token)
        os.chmod(token_file, 0o600)

        env = {"PATH": os.environ["PATH"], "HOME": home, "XDG_RUNTIME_DIR": home, "LANG": "C.UTF-8"}
        for k, v in os.environ.items():
            if k.startswith("CLOUDSDK_CORE_CUSTOM_CA") or k == "SSL_CERT_FILE":
                env[k] = v
        gcloud_env = dict(env, CLOUDSDK_AUTH_ACCESS_TOKEN_FILE=token_file)
        gcloud_runs = max(5, args.runs // 3)

        rows = []
        t_true = median_ms(["true"], env, args.runs)
        t_gsudo_true = median_ms([GSUDO, "-s", SA, "-R", "bench", "true"], env, args.runs)
        rows.append(("true", t_true, "gsudo -s SA -R r true", t_gsudo_true))
        t_gcloud = median_ms(["gcloud", "auth", "print-access-token", f"--impersonate-service-account={SA}"],
                             gcloud_env, gcloud_runs)
        t_gsudo_gcloud = median_ms([GSUDO, "-s", SA, "-R", "bench", "gcloud", "auth", "print-access-token"],
                                   env, gcloud_runs)
        rows.append(("gcloud --impersonate-service-account", t_gcloud, "gsudo ... gcloud auth print-access-token",
                     t_gsudo_gcloud))
        own, trips = own_cost_ms(env, args.runs)

        print(f"| baseline | median | gsudo | median | ratio |\n| --- | ---: | --- | ---: | ---: |")
        for base, tb, ours, to in rows:
            print(f"| `{base}` | {tb:.1f} ms | `{ours}` | {to:.1f} ms | {to / tb:.2f}x |")
        print(f"\ngsudo's own cost (wall time less {trips:.1f} ms of caller-refresh and mint round trips): "
              f"{own:.1f} ms (target < 10 ms) over {args.runs} runs")
    finally:
        emulator.terminate()
        emulator.wait()


if __name__ == "__main__":
    fence.enter()
    main()
