"""Runs a benchmark in a network namespace that has only loopback, so that it can never measure
(or reach) a real network: the emulator on 127.0.0.1 is all there is.

A benchmark calls `fence.enter()` first. The script then re-executes itself under
`unshare --net` (as root) or `unshare --map-root-user --net` (anyone else, where user namespaces
are allowed), brings loopback up, and checks it is the only interface before anything runs.
"""

import os
import sys

MARK = "GSUDO_BENCH_FENCED"


def interfaces():
    """This process's network namespace's interfaces (/sys/class/net would show the host's)."""
    with open("/proc/self/net/dev") as table:
        return [line.split(":", 1)[0].strip() for line in table.readlines()[2:]]


def enter():
    if os.environ.get(MARK) == "1":
        if interfaces() != ["lo"]:
            sys.exit(f"error: {MARK}=1, yet this namespace has {interfaces()}; refusing to run.")
        return
    unshare = ["unshare", "--net"] if os.geteuid() == 0 else ["unshare", "--map-root-user", "--net"]
    argv = unshare + ["--", "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
                      sys.executable, os.path.abspath(sys.argv[0])] + sys.argv[1:]
    os.environ[MARK] = "1"
    try:
        os.execvp(argv[0], argv)
    except OSError as e:
        sys.exit(f"error: cannot enter a network namespace ({argv[0]}: {e}); "
                 "install util-linux, or run as root.")
