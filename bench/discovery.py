#!/usr/bin/env python3
"""Discovery at organisation scale, side by side in one run against gsudo's emulator.

    python3 bench/discovery.py [--latency 20ms] [--gsudo target/release/gsudo]

A generated world: 20 projects of 100 service accounts (2,000), alice may impersonate every
tenth; every API call waits the injected latency (20 ms, like a round trip to Google).

  a. `gsudo list --all-projects`          vs  the same API calls one at a time (this script:
     project search, every page of every project's accounts, one testIamPermissions each)
  b. `gsudo can` on one project: all ~5,100 testable permissions, tested as the account

Targets: (a) under 3 s, (b) under 2 s. Both runs must find the same 200 accounts.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import fence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECTS = 20
ACCOUNTS_PER_PROJECT = 100
ALICE_REFRESH = "bench-refresh-alice"  # the generated world's, not a secret
DEPLOYER = "sa-0000@bench-00.iam.gserviceaccount.com"


def world():
    """The benchmark world as TOML: an organization whose viewer alice is, and its projects."""
    lines = [
        '[[organizations]]\nid = "1000"\n',
        '[[users]]\nemail = "alice@example.com"\nrefresh_token = "%s"\n' % ALICE_REFRESH,
        '[[bindings]]\nresource = "organizations/1000"\nrole = "roles/viewer"\n'
        'members = ["user:alice@example.com"]\n',
        '[[bindings]]\nresource = "projects/bench-00"\nrole = "roles/editor"\n'
        'members = ["serviceAccount:%s"]\n' % DEPLOYER,
    ]
    for p in range(PROJECTS):
        lines.append('[[projects]]\nid = "bench-%02d"\nnumber = "%d"\nparent = "organizations/1000"\n'
                     % (p, 9000 + p))
        for a in range(ACCOUNTS_PER_PROJECT):
            n = p * ACCOUNTS_PER_PROJECT + a
            creators = '["user:alice@example.com"]' if n % 10 == 0 else "[]"
            lines.append('[[service_accounts]]\nemail = "sa-%04d@bench-%02d.iam.gserviceaccount.com"\n'
                         'token_creators = %s\n' % (n, p, creators))
    return "\n".join(lines)


def start_emulator(gsudo, world_file, latency, workdir):
    audit = os.path.join(workdir, "audit.jsonl")
    proc = subprocess.Popen([gsudo, "sandbox", "--world", world_file, "serve", "--listen", "127.0.0.1:0",
                             "--audit-log", audit, "--latency", latency],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.kill()
        sys.exit(f"the emulator said {line!r}")
    return proc, line[len("listening on "):]


def user_env(url, home):
    """A made-up user whose gcloud configuration points every API gsudo calls at the emulator."""
    gcloud = os.path.join(home, "gcloud")
    os.makedirs(os.path.join(gcloud, "configurations"))
    with open(os.path.join(gcloud, "active_config"), "w") as f:
        f.write("default")
    with open(os.path.join(gcloud, "configurations", "config_default"), "w") as f:
        f.write("[core]\nproject = bench-00\n\n[api_endpoint_overrides]\n")
        for api in ("iamcredentials", "iam", "cloudresourcemanager", "storage"):
            f.write(f"{api} = {url}\n")
    adc = os.path.join(home, "adc.json")
    with open(adc, "w") as f:
        json.dump({"type": "authorized_user", "client_id": "bench", "client_secret": "bench",
                   "refresh_token": ALICE_REFRESH, "token_uri": f"{url}token"}, f)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLOUDSDK_", "GOOGLE_", "GSUDO_"))}
    env.update(HOME=home, CLOUDSDK_CONFIG=gcloud, GOOGLE_APPLICATION_CREDENTIALS=adc)
    return env


def call(url, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Authorization": f"Bearer {token}",
                                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def sign_in(url):
    """alice's access token, refreshed at the emulator's token endpoint."""
    form = urllib.parse.urlencode({"grant_type": "refresh_token", "refresh_token": ALICE_REFRESH}).encode()
    with urllib.request.urlopen(f"{url}token", data=form, timeout=30) as response:
        return json.load(response)["access_token"]


def one_at_a_time(url):
    """The same listing as `gsudo list --all-projects`, one call after another."""
    token = sign_in(url)
    projects, page = [], None
    while True:
        q = "?pageSize=500" + (f"&pageToken={urllib.parse.quote(page)}" if page else "")
        answer = call(f"{url}v3/projects:search{q}", token)
        projects += [p["projectId"] for p in answer.get("projects", [])]
        page = answer.get("nextPageToken")
        if not page:
            break
    found, calls = [], 1
    for project in projects:
        page = None
        while True:
            q = "?pageSize=100" + (f"&pageToken={urllib.parse.quote(page)}" if page else "")
            answer = call(f"{url}v1/projects/{project}/serviceAccounts{q}", token)
            calls += 1
            for account in answer.get("accounts", []):
                held = call(f"{url}v1/{account['name']}:testIamPermissions", token,
                            {"permissions": ["iam.serviceAccounts.getAccessToken",
                                             "iam.serviceAccounts.getOpenIdToken"]})
                calls += 1
                if held.get("permissions"):
                    found.append(account["email"])
            page = answer.get("nextPageToken")
            if not page:
                break
    return sorted(found), calls


def timed(argv, env):
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{argv} failed ({done.returncode}): {done.stderr}")
    return took, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", default="20ms")
    parser.add_argument("--gsudo", default=os.path.join(ROOT, "target", "release", "gsudo"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gsudo-bench-") as workdir:
        world_file = os.path.join(workdir, "world.toml")
        with open(world_file, "w") as f:
            f.write(world())
        emulator, url = start_emulator(args.gsudo, world_file, args.latency, workdir)
        try:
            env = user_env(url, os.path.join(workdir, "home"))
            # The emulator makes the key it signs ID tokens with on the first sign-in (40-100 ms
            # of RSA key generation; Google's always exists): one sign-in before anything is
            # timed, or whichever side ran first would pay it.
            sign_in(url)
            list_s, out = timed([args.gsudo, "list", "--all-projects", "--format", "json"], env)
            listed = sorted(a["email"] for a in json.loads(out)["accounts"])
            started = time.perf_counter()
            looped, calls = one_at_a_time(url)
            loop_s = time.perf_counter() - started
            if listed != looped or len(listed) != PROJECTS * ACCOUNTS_PER_PROJECT // 10:
                sys.exit(f"the runs disagree: gsudo found {len(listed)}, the loop {len(looped)}")
            can_s, out = timed([args.gsudo, "can", "-s", DEPLOYER, "-R", "bench", "--format", "json"], env)
            report = json.loads(out)
        finally:
            emulator.terminate()
            emulator.wait()
    accounts = PROJECTS * ACCOUNTS_PER_PROJECT
    print(f"world: {PROJECTS} projects, {accounts} service accounts, {args.latency} per call")
    print(f"a. list --all-projects: gsudo {list_s:.2f} s  vs  one call at a time {loop_s:.2f} s "
          f"({calls} calls)  = {loop_s / list_s:.0f}x faster; target < 1.5 s: "
          f"{'met' if list_s < 1.5 else 'MISSED'}")
    print(f"b. can (all {report['tested']} testable permissions, {len(report['account']['granted'])} held): "
          f"{can_s:.2f} s; target < 0.3 s: {'met' if can_s < 0.3 else 'MISSED'}")


if __name__ == "__main__":
    fence.enter()
    main()
