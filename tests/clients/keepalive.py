"""Requests on one kept-alive HTTP/1.1 connection through the proxy its environment names.

    python3 keepalive.py HOST BODY

CONNECTs to HOST:443 through $HTTPS_PROXY, speaks TLS trusting $SSL_CERT_FILE, and sends POST
/v1/permissions:queryTestablePermissions with BODY (JSON), in every way a connection can carry
it: one request at a time with pauses between (a Content-Length body, a chunked one, the head
split over two writes a pause apart), two requests pipelined in one write, one request with the
start of the next, and a last one asking `Connection: close`. Each pause is longer than the
proxy's REST_AFTER (50 ms), so that the connection rests in it. Prints one JSON line: each
response's status and whether its body was the JSON answer, then whether the proxy closed the
connection after the last.
"""

import base64
import json
import os
import socket
import ssl
import sys
import time
import urllib.parse

host, body = sys.argv[1], sys.argv[2].encode()
proxy = urllib.parse.urlsplit(os.environ["HTTPS_PROXY"])
credentials = f"{urllib.parse.unquote(proxy.username)}:{urllib.parse.unquote(proxy.password)}"
raw = socket.create_connection((proxy.hostname, proxy.port), timeout=30)
raw.sendall(
    f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n"
    f"Proxy-Authorization: Basic {base64.b64encode(credentials.encode()).decode()}\r\n\r\n".encode()
)
answer = b""
while b"\r\n\r\n" not in answer:
    answer += raw.recv(1)
assert answer.startswith(b"HTTP/1.1 200"), answer

context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
context.set_alpn_protocols(["http/1.1"])
tls = context.wrap_socket(raw, server_hostname=host)
reader = tls.makefile("rb")

PATH = "/v1/permissions:queryTestablePermissions"


def head(extra=""):
    return f"POST {PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{extra}"


def sized(extra=""):
    return head(f"{extra}Content-Length: {len(body)}\r\n\r\n").encode() + body


def chunked():
    half = len(body) // 2
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:half], body[half:])
    )
    return head("Transfer-Encoding: chunked\r\n\r\n").encode() + chunks + b"0\r\n\r\n"


def response():
    status = int(reader.readline().split()[1])
    headers = {}
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        content = b""
        while size := int(reader.readline().split(b";")[0], 16):
            content += reader.read(size)
            reader.readline()
        while reader.readline() not in (b"\r\n", b""):
            pass
    else:
        content = reader.read(int(headers.get("content-length", "0")))
    try:
        answered = "permissions" in json.loads(content)
    except ValueError:
        answered = False
    return {"status": status, "answered": answered}


results = []
for request in (sized(), chunked(), sized()):
    tls.sendall(request)
    results.append(response())
    time.sleep(0.2)
split = sized()
tls.sendall(split[:20])
time.sleep(0.2)
tls.sendall(split[20:])
results.append(response())
tls.sendall(sized() + chunked())
results.append(response())
results.append(response())
# A whole request and the start of the next in one write: the start must outlive the rest.
tls.sendall(sized() + split[:20])
results.append(response())
time.sleep(0.2)
tls.sendall(split[20:])
results.append(response())
time.sleep(0.2)
tls.sendall(sized("Connection: close\r\n"))
results.append(response())
closed = reader.read(1) == b""
print(json.dumps({"responses": results, "closed": closed}))
