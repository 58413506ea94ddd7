"""Google's IAM Credentials client library, over gRPC, with a credential of its own.

    CALLER_TOKEN=... python3 iam_grpc.py ACCOUNT...

Calls GenerateAccessToken for each ACCOUNT on iamcredentials.googleapis.com:443 as it would
anywhere: no endpoint override, its default transport (gRPC), the proxy and CA bundle its
environment names, and the access token in CALLER_TOKEN as its credential. Prints one JSON line
per account: the transport and the minted token's lifetime in seconds, or the gRPC status.
"""

import json
import os
import sys
import time

from google.api_core import exceptions
from google.cloud import iam_credentials_v1
from google.oauth2.credentials import Credentials
from google.protobuf import duration_pb2

client = iam_credentials_v1.IAMCredentialsClient(
    credentials=Credentials(token=os.environ["CALLER_TOKEN"])
)
for account in sys.argv[1:]:
    result = {"account": account, "transport": client.transport.kind}
    try:
        response = client.generate_access_token(
            name=f"projects/-/serviceAccounts/{account}",
            scope=["https://www.googleapis.com/auth/cloud-platform"],
            lifetime=duration_pb2.Duration(seconds=600),
            # One try: a retry would hide what the first answer was.
            retry=None,
            timeout=30,
        )
        result["token"] = bool(response.access_token)
        result["lifetime"] = round(response.expire_time.timestamp() - time.time())
    except exceptions.GoogleAPICallError as e:
        result["status"] = e.grpc_status_code.name if e.grpc_status_code else None
        result["message"] = e.message
    print(json.dumps(result), flush=True)
