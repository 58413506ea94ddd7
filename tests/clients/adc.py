"""Python google-auth in a gsudo session: who does Application Default Credentials say we are?

    python3 adc.py STORAGE_BASE_URL PROJECT [CALLS [PAUSE_SECONDS]]

Finds credentials with google.auth.default(), then lists the project's buckets CALLS times,
PAUSE_SECONDS apart, through an AuthorizedSession (which refreshes the token when it expires).
Prints one JSON line: the credential type and the HTTP status of each call.
"""

import json
import sys
import time

import google.auth
import google.auth.transport.requests

base, project = sys.argv[1], sys.argv[2]
calls = int(sys.argv[3]) if len(sys.argv) > 3 else 1
pause = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0

credentials, _ = google.auth.default(scopes=["https://www.googleapis.com/auth/cloud-platform"])
session = google.auth.transport.requests.AuthorizedSession(credentials)
statuses = []
for i in range(calls):
    if i:
        time.sleep(pause)
    response = session.get(f"{base}storage/v1/b", params={"project": project})
    statuses.append(response.status_code)
print(json.dumps({
    "credentials": f"{type(credentials).__module__}.{type(credentials).__name__}",
    "email": getattr(credentials, "service_account_email", None),
    "statuses": statuses,
}))
