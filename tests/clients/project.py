"""Python client libraries in a gsudo session: which project do they find on their own?

    python3 project.py STORAGE_BASE_URL

Passes no project anywhere: google.auth.default() and storage.Client() find it in the
environment, as a script relying on the default project does. Prints one JSON line: the project
google-auth found, the storage client's, the buckets it lists there, and the credentials' quota
project.
"""

import json
import sys

import google.auth
from google.cloud import storage

credentials, project = google.auth.default()
client = storage.Client(client_options={"api_endpoint": sys.argv[1].rstrip("/")})
print(json.dumps({
    "project": project,
    "client_project": client.project,
    "buckets": sorted(b.name for b in client.list_buckets()),
    "quota_project": credentials.quota_project_id,
}))
