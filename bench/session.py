#!/usr/bin/env python3
"""Session overhead against not using gsudo, side by side in one run against gsudo's emulator
(loopback, no latency).

    python3 bench/session.py [--runs N] [--no-sudo-gcp]

The benchmark's user is logged in to gcloud properly (`gcloud auth activate-refresh-token`, with
`auth/token_host` at the emulator, so gcloud refreshes and caches like a logged-in user) and has
an ADC file. For each gcloud command X it times, interleaved run by run, the medians of:

  a. `gcloud X --impersonate-service-account=SA`   gcloud's own impersonation (the baseline)
  b. `gsudo -s SA -R r gcloud X`                    the session (target: at most 1.05x a)
  c. `gcloud X` with a ready token                  (CLOUDSDK_AUTH_ACCESS_TOKEN_FILE): the floor
  d. `sudo-gcp gcloud X`                            the peer from crates.io, pinned

and `true` alone, under gsudo and under sudo-gcp: the time to a running command with a token.
gsudo's own cost is the wall time of `gsudo ... true` less the two round trips it must make
(refreshing the caller's token, minting), which `-v` reports (target: under 10 ms). Last, what
each leaves behind in the user's home once the command has ended.

sudo-gcp (https://crates.io/crates/sudo-gcp) is installed with `cargo install --locked` into
target/bench-tools before the benchmark enters its network namespace. Its IAM endpoint is fixed
(https://iamcredentials.googleapis.com), so it reaches the emulator through an HTTPS proxy of this
script's that sends every CONNECT to the emulator's HTTPS port (whose certificate covers
*.googleapis.com, trusted through SSL_CERT_FILE); it keeps tokens in the Secret Service, so it
runs inside `dbus-run-session` with a gnome-keyring daemon (Debian `gnome-keyring`).
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import fence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GSUDO = os.path.join(ROOT, "target", "release", "gsudo")
# Where sudo-gcp is installed (GSUDO_BENCH_TOOLS names an earlier install, to skip building it again).
TOOLS = os.environ.get("GSUDO_BENCH_TOOLS", os.path.join(ROOT, "target", "bench-tools"))
SUDO_GCP_VERSION = "0.2.1"
SUDO_GCP = os.path.join(TOOLS, "sudo-gcp", "bin", "sudo-gcp")
SA = "deployer@sandbox-project.iam.gserviceaccount.com"
ALICE = "alice@example.com"
ALICE_REFRESH = "sandbox-refresh-alice"  # the demo world's, not a secret
COMMANDS = [["auth", "print-access-token"], ["projects", "describe", "sandbox-project"]]


def install_sudo_gcp():
    """Installs the pinned sudo-gcp (needs crates.io, so before the fence); says why if not."""
    if os.path.exists(SUDO_GCP):
        return
    print(f"installing sudo-gcp {SUDO_GCP_VERSION} into {TOOLS} ...", file=sys.stderr)
    done = subprocess.run(["cargo", "install", "--quiet", "--locked", "sudo-gcp", "--version", SUDO_GCP_VERSION,
                           "--root", os.path.join(TOOLS, "sudo-gcp")])
    if done.returncode != 0:
        print(f"sudo-gcp could not be installed (cargo install exited {done.returncode}); its column is left out",
              file=sys.stderr)


def keyring_runner():
    """The command prefix that gives sudo-gcp a Secret Service, or None with the reason."""
    missing = [p for p in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(p) is None]
    if missing:
        return None, f"{' and '.join(missing)} missing (apt-get install dbus-daemon gnome-keyring)"
    # The daemon creates and unlocks the login keyring with this password (a bench's, no secret).
    script = ('printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; '
              'exec "$@"')
    return ["dbus-run-session", "--", "sh", "-c", script, "sh"], None


class ConnectMapper(threading.Thread):
    """An HTTPS proxy that sends every CONNECT, whatever its target, to one address."""

    def __init__(self, target):
        super().__init__(daemon=True)
        self.target = target
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]

    def run(self):
        while True:
            client, _ = self.server.accept()
            threading.Thread(target=self.serve, args=(client,), daemon=True).start()

    def serve(self, client):
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(4096)
            if not chunk:
                client.close()
                return
            head += chunk
        upstream = socket.create_connection(self.target)
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        rest = head.split(b"\r\n\r\n", 1)[1]
        if rest:
            upstream.sendall(rest)

        def pipe(a, b):
            try:
                while data := a.recv(65536):
                    b.sendall(data)
            except OSError:
                pass
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
        pipe(client, upstream)


def files_under(home):
    """Every file under `home`, by path relative to it, with its size and modification time."""
    found = {}
    for base, _, names in os.walk(home):
        for name in names:
            path = os.path.join(base, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            found[os.path.relpath(path, home)] = (st.st_size, st.st_mtime_ns)
    return found


def left_behind(argv, env, home, ignore=()):
    """Files a command created or changed under `home`, besides `ignore`."""
    before = files_under(home)
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = files_under(home)
    changed = [p for p, v in after.items() if before.get(p) != v and not p.startswith(ignore)]
    return sorted(changed)


def run_ms(argv, env):
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        sys.exit(f"{argv} failed with {done.returncode}: {done.stderr.strip()[-600:]}")
    return took


def interleaved(variants, runs):
    """Medians of each variant (name -> (argv, env)), run one after the other in each round so
    that they share the machine's load alike."""
    times = {name: [] for name in variants}
    for name, (argv, env) in variants.items():  # warm caches (page cache, gcloud's token cache)
        run_ms(argv, env)
    for _ in range(runs):
        for name, (argv, env) in variants.items():
            times[name].append(run_ms(argv, env))
    return {name: statistics.median(t) for name, t in times.items()}


def own_cost_ms(env, runs):
    """Wall time of `gsudo -v ... true` less the round trips -v reports."""
    costs, trips = [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([GSUDO, "-v", "-s", SA, "-R", "bench", "true"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        wall = (time.perf_counter() - started) * 1000
        # Every call gsudo makes is an `http:` line; a caller refresh made by a credential
        # library (not an authorized_user file) shows only as `caller token from`.
        http = caller = 0.0
        for line in done.stderr.splitlines():
            m = re.search(r"\(([0-9.]+) ms\)$", line)
            if m and "gsudo: http:" in line:
                http += float(m.group(1))
            elif m and "caller token from" in line:
                caller = float(m.group(1))
        refreshed_here = any("gsudo: http: POST" in l and l.split()[3].endswith("/token")
                             for l in done.stderr.splitlines())
        round_trips = http + (0.0 if refreshed_here else caller)
        costs.append(wall - round_trips)
        trips.append(round_trips)
    return statistics.median(costs), statistics.median(trips)


def start_emulator(home):
    emulator = subprocess.Popen([GSUDO, "sandbox", "serve", "--audit-log", os.path.join(home, "audit.jsonl"),
                                 "--https-listen", "127.0.0.1:0", "--format", "json"],
                                stdout=subprocess.PIPE, text=True)
    where = json.loads(emulator.stdout.readline())
    return emulator, where


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each gcloud variant (30 of `true`)")
    parser.add_argument("--no-sudo-gcp", action="store_true", help="leave sudo-gcp out")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="gsudo-bench-")
    emulator, where = start_emulator(home)
    try:
        url = where["url"]
        gcloud_dir = os.path.join(home, ".config", "gcloud")
        os.makedirs(os.path.join(gcloud_dir, "configurations"))
        with open(os.path.join(gcloud_dir, "active_config"), "w") as f:
            f.write("default")
        with open(os.path.join(gcloud_dir, "configurations", "config_default"), "w") as f:
            f.write(f"[core]\nproject = sandbox-project\ndisable_usage_reporting = true\n"
                    f"[auth]\ntoken_host = {url}token\n"
                    f"[component_manager]\ndisable_update_check = true\n[survey]\ndisable_prompts = true\n"
                    f"[api_endpoint_overrides]\niamcredentials = {url}\nstorage = {url}\n"
                    f"cloudresourcemanager = {url}\n")
        with open(os.path.join(gcloud_dir, "application_default_credentials.json"), "w") as f:
            json.dump({"type": "authorized_user", "client_id": "b", "client_secret": "b",
                       "refresh_token": ALICE_REFRESH, "token_uri": f"{url}token"}, f)

        env = {"PATH": os.environ["PATH"], "HOME": home, "XDG_RUNTIME_DIR": home, "LANG": "C.UTF-8"}
        for k, v in os.environ.items():
            if k.startswith("CLOUDSDK_CORE_CUSTOM_CA") or k == "SSL_CERT_FILE":
                env[k] = v
        # Logged in like a user: a refresh token in gcloud's credential store.
        subprocess.run(["gcloud", "auth", "activate-refresh-token", ALICE, ALICE_REFRESH], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # A user with a ready token, for the floor.
        token = subprocess.run(["gcloud", "auth", "print-access-token"], env=env, check=True,
                               capture_output=True, text=True).stdout.strip()
        token_file = os.path.join(home, "ready-token")
        with open(token_file, "w") as f:
            f.write(token)
        os.chmod(token_file, 0o600)
        ready = dict(env, CLOUDSDK_AUTH_ACCESS_TOKEN_FILE=token_file)

        sudo_gcp, why_not, runner = None, None, None
        if args.no_sudo_gcp:
            why_not = "left out (--no-sudo-gcp)"
        elif not os.path.exists(SUDO_GCP):
            why_not = f"not installed (cargo install sudo-gcp --version {SUDO_GCP_VERSION} failed)"
        else:
            runner, why_not = keyring_runner()
            if runner:
                mapper = ConnectMapper(("127.0.0.1", int(where["https_url"].rsplit(":", 1)[1].rstrip("/"))))
                mapper.start()
                conf = os.path.join(home, "sudo-gcp.toml")
                with open(conf, "w") as f:
                    f.write(f'service_account = "{SA}"\n')
                sudo_gcp_env = dict(env, HTTPS_PROXY=f"http://127.0.0.1:{mapper.port}", SSL_CERT_FILE=where["ca_file"])
                sudo_gcp = (runner + [SUDO_GCP, "-c", conf], sudo_gcp_env)

        runs = args.runs
        print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}",
              file=sys.stderr)
        gsudo = [GSUDO, "-s", SA, "-R", "bench"]
        variants = {"true": (["true"], env), "gsudo": (gsudo + ["true"], env)}
        if sudo_gcp:
            variants["sudo-gcp"] = (sudo_gcp[0] + ["true"], sudo_gcp[1])
            # What this harness adds to sudo-gcp: a D-Bus session and a keyring daemon, which a
            # desktop session already runs.
            variants["keyring"] = (runner + ["true"], sudo_gcp[1])
        start = interleaved(variants, 2 * runs)
        table = [("`true`", start)]
        for command in COMMANDS:
            variants = {
                "impersonate": (["gcloud"] + command + [f"--impersonate-service-account={SA}"], env),
                "gsudo": (gsudo + ["gcloud"] + command, env),
                "ready": (["gcloud"] + command, ready),
            }
            if sudo_gcp:
                variants["sudo-gcp"] = (sudo_gcp[0] + ["gcloud"] + command, sudo_gcp[1])
            table.append((f"`gcloud {' '.join(command)}`", interleaved(variants, runs)))
        own, trips = own_cost_ms(env, 2 * runs)
        load = os.getloadavg()

        dash = "–"
        print(f"| command | gcloud --impersonate-service-account | gsudo -s SA -R r | ready token, no impersonation "
              f"| sudo-gcp | gsudo / gcloud's impersonation |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, m in table:
            base = m.get("impersonate", m.get("true"))
            cells = [f"{m[k]:.1f} ms" if k in m else dash for k in ("impersonate", "gsudo", "ready", "sudo-gcp")]
            if name == "`true`":
                cells = [dash, f"{m['gsudo']:.1f} ms", f"{m['true']:.1f} ms",
                         f"{m['sudo-gcp']:.1f} ms" if "sudo-gcp" in m else dash]
                ratio = dash
            else:
                ratio = f"{m['gsudo'] / base:.2f}x"
            print(f"| {name} | {' | '.join(cells)} | {ratio} |")
        print(f"\ngsudo's own cost (wall time less {trips:.1f} ms of caller-refresh and mint round trips): "
              f"{own:.1f} ms (target < 10 ms); {runs} runs of each gcloud variant, {2 * runs} of `true`, "
              f"interleaved; load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        if why_not:
            print(f"\nsudo-gcp: {why_not}")
        else:
            print(f"\nsudo-gcp's times include {start['keyring']:.1f} ms of starting a D-Bus session and "
                  f"gnome-keyring for it (measured alone), which a desktop session already runs.")

        # What each leaves behind in the user's home once its command has ended.
        print("\nLeft behind in $HOME after one run (files created or changed):")
        ignore = ("audit.jsonl", "ready-token", ".config/gcloud/logs", ".cache/dbus")
        command = ["auth", "print-access-token"]
        for name, (argv, e) in [
            ("gcloud --impersonate-service-account", (["gcloud"] + command + [f"--impersonate-service-account={SA}"], env)),
            ("gsudo", (gsudo + ["gcloud"] + command, env)),
        ] + ([("sudo-gcp", (sudo_gcp[0] + ["gcloud"] + command, sudo_gcp[1]))] if sudo_gcp else []):
            # Start each from nothing cached: gcloud's token cache holds the account's tokens.
            for cache in ("access_tokens.db", "credentials.db-journal"):
                try:
                    os.remove(os.path.join(gcloud_dir, cache))
                except FileNotFoundError:
                    pass
            if name == "sudo-gcp":
                shutil.rmtree(os.path.join(home, ".local", "share", "keyrings"), ignore_errors=True)
            changed = left_behind(argv, e, home, ignore)
            print(f"- {name}: {', '.join(changed) if changed else 'nothing'}")
    finally:
        emulator.terminate()
        emulator.wait()


if __name__ == "__main__":
    if os.environ.get(fence.MARK) != "1":
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        if "--no-sudo-gcp" not in sys.argv:
            install_sudo_gcp()
    fence.enter()
    main()
