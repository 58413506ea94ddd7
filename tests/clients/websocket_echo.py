"""A websocket client (websocket-client) with a credential of its own.

    CALLER_TOKEN=... python3 websocket_echo.py URL

Opens URL through the proxy its environment names, sending `Authorization: Bearer
$CALLER_TOKEN`, then sends messages of several kinds and sizes (two of about 100 KB) one after
the other, reading each one's echo, and pings. Prints one JSON line: the handshake's status and
protocol header, the size of each echo and whether it came back the same, and the pong.
"""

import json
import os
import sys

import websocket

ws = websocket.create_connection(
    sys.argv[1],
    header=[f"Authorization: Bearer {os.environ['CALLER_TOKEN']}"],
    timeout=30,
)
messages = ["hello", bytes(range(256)) * 400, "é" * 50_000, "bye"]
echoes = []
for message in messages:
    if isinstance(message, bytes):
        ws.send_binary(message)
        sent = message
    else:
        ws.send(message)
        sent = message.encode()
    _, data = ws.recv_data()
    echoes.append({"size": len(data), "same": data == sent})
ws.ping(b"still there?")
opcode, data = ws.recv_data(control_frame=True)
result = {
    "status": ws.getstatus(),
    "protocol": ws.getheaders().get("x-emulator-protocol"),
    "echoes": echoes,
    "pong": opcode == websocket.ABNF.OPCODE_PONG and data == b"still there?",
}
ws.close()
print(json.dumps(result))
