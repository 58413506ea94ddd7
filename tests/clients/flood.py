"""Another local user trying to exhaust a gsudo session's file descriptors.

    python3 flood.py COUNT PORT...

Opens COUNT connections to each loopback PORT and sends each a request head it never ends, as
a slow-loris does; prints `flooding N` once all are open. Then waits (a minute at most, in all)
for the server to close them, and prints `closed N`: how many it closed.
"""

import resource
import socket
import sys
import time

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

count, ports = int(sys.argv[1]), [int(p) for p in sys.argv[2:]]
held = []
for port in ports:
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        try:
            s.sendall(b"POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10")
        except OSError:
            pass  # closed already
        held.append(s)
print("flooding", len(held), flush=True)

closed = 0
deadline = time.monotonic() + 60
for s in held:
    s.settimeout(max(deadline - time.monotonic(), 0.001))
    try:
        closed += s.recv(1) == b""
    except ConnectionResetError:
        closed += 1
    except socket.timeout:
        pass
print("closed", closed, flush=True)
