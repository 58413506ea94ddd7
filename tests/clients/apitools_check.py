"""Calls every method the emulator serves and decodes each answer with the Cloud SDK's own
generated message classes (apitools), failing on any field those classes do not know and any
value they reject: the emulator is checked against Google's client code, not against gsudo.

Usage: apitools_check.py EMULATOR_URL SDK_LIB_DIR
Prints one line per method checked; exits 1 listing every mismatch.
"""

import json
import sys

import requests

BASE, SDK = sys.argv[1].rstrip("/"), sys.argv[2]
sys.path[:0] = [SDK, SDK + "/third_party"]

from apitools.base.protorpclite import messages as _messages  # noqa: E402
from apitools.base.py import encoding  # noqa: E402

ALICE_REFRESH = "sandbox-refresh-alice"  # the demo world's, not a secret
DEPLOYER = "deployer@sandbox-project.iam.gserviceaccount.com"
PROJECT = "sandbox-project"
CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"

problems = []
checked = 0


def messages(api, version):
    module = __import__(
        f"googlecloudsdk.generated_clients.apis.{api}.{version}.{api}_{version}_messages",
        fromlist=["_"],
    )
    return module


def unknown_fields(message, path=""):
    """Every field, at any depth, that the generated class did not recognise."""
    found = [f"{path}{name}" for name in message.all_unrecognized_fields()]
    for field in message.all_fields():
        value = message.get_assigned_value(field.name)
        if value is None or not isinstance(field, _messages.MessageField):
            continue
        for i, item in enumerate(value if field.repeated else [value]):
            if isinstance(item, _messages.Message):
                where = f"{path}{field.name}[{i}]." if field.repeated else f"{path}{field.name}."
                found += unknown_fields(item, where)
    return found


def check(api, version, message_name, method, url, token, body=None, params=None):
    """Calls one method and decodes its answer as `message_name`."""
    global checked
    what = f"{api} {version} {method}"
    headers = {"Authorization": f"Bearer {token}"}
    response = requests.request(method, BASE + url, headers=headers, json=body, params=params)
    if response.status_code != 200:
        problems.append(f"{what} {url}: HTTP {response.status_code}: {response.text[:300]}")
        return None
    text = response.text
    try:
        cls = getattr(messages(api, version), message_name)
        decoded = encoding.JsonToMessage(cls, text)
    except Exception as e:  # the classes rejected a value: that is the finding
        problems.append(f"{what} {url} as {message_name}: {type(e).__name__}: {e}")
        return None
    unknown = unknown_fields(decoded)
    if unknown:
        problems.append(f"{what} {url} as {message_name}: fields unknown to gcloud: {unknown}")
    checked += 1
    print(f"ok {what} {url} as {message_name}")
    return json.loads(text)


def main():
    alice = requests.post(
        BASE + "/token",
        data={"grant_type": "refresh_token", "refresh_token": ALICE_REFRESH},
    ).json()["access_token"]
    iamcredentials = f"/v1/projects/-/serviceAccounts/{DEPLOYER}"
    minted = check(
        "iamcredentials", "v1", "GenerateAccessTokenResponse", "POST",
        f"{iamcredentials}:generateAccessToken", alice,
        {"scope": [CLOUD_PLATFORM], "lifetime": "600s"},
    )
    check("iamcredentials", "v1", "GenerateIdTokenResponse", "POST",
          f"{iamcredentials}:generateIdToken", alice, {"audience": "https://example.com"})
    check("iamcredentials", "v1", "SignJwtResponse", "POST",
          f"{iamcredentials}:signJwt", alice, {"payload": json.dumps({"sub": DEPLOYER})})
    check("iamcredentials", "v1", "SignBlobResponse", "POST",
          f"{iamcredentials}:signBlob", alice, {"payload": "aGVsbG8="})
    deployer = minted["accessToken"] if minted else alice

    check("iam", "v1", "ListServiceAccountsResponse", "GET",
          f"/v1/projects/{PROJECT}/serviceAccounts", alice)
    check("iam", "v1", "TestIamPermissionsResponse", "POST",
          f"/v1/projects/{PROJECT}/serviceAccounts/{DEPLOYER}:testIamPermissions", alice,
          {"permissions": ["iam.serviceAccounts.getAccessToken"]})
    check("iam", "v1", "QueryTestablePermissionsResponse", "POST",
          "/v1/permissions:queryTestablePermissions", alice,
          {"fullResourceName":
           f"//iam.googleapis.com/projects/{PROJECT}/serviceAccounts/{DEPLOYER}"})

    check("cloudresourcemanager", "v3", "SearchProjectsResponse", "GET",
          "/v3/projects:search", alice)
    check("cloudresourcemanager", "v3", "Project", "GET", f"/v3/projects/{PROJECT}", alice)
    check("cloudresourcemanager", "v1", "Project", "GET", f"/v1/projects/{PROJECT}", alice)
    check("cloudresourcemanager", "v3", "TestIamPermissionsResponse", "POST",
          f"/v3/projects/{PROJECT}:testIamPermissions", alice,
          {"permissions": ["resourcemanager.projects.get"]})

    check("storage", "v1", "Buckets", "GET", "/storage/v1/b", deployer,
          params={"project": PROJECT})
    check("storage", "v1", "Bucket", "GET", "/storage/v1/b/sandbox-releases", deployer)
    check("storage", "v1", "Objects", "GET", "/storage/v1/b/sandbox-releases/o", deployer)
    check("storage", "v1", "Object", "GET", "/storage/v1/b/sandbox-releases/o/README.txt",
          deployer)
    check("storage", "v1", "TestIamPermissionsResponse", "GET",
          "/storage/v1/b/sandbox-releases/iam/testPermissions", deployer,
          params={"permissions": ["storage.objects.list"]})

    location = f"/v1/projects/{PROJECT}/locations/europe-west1"
    check("container", "v1", "ListClustersResponse", "GET", f"{location}/clusters", deployer)
    check("container", "v1", "Cluster", "GET", f"{location}/clusters/sandbox-cluster", deployer)

    check("pubsub", "v1", "TestIamPermissionsResponse", "POST",
          f"/v1/projects/{PROJECT}/topics/deployments:testIamPermissions", deployer,
          {"permissions": ["pubsub.topics.publish"]})
    check("compute", "v1", "TestPermissionsResponse", "POST",
          f"/compute/v1/projects/{PROJECT}/zones/europe-west1-b/instances/web-1/testIamPermissions",
          deployer, {"permissions": ["compute.instances.get"]})

    print(f"{checked} answers checked")
    if problems:
        print("\n".join(["MISMATCH " + p for p in problems]), file=sys.stderr)
        sys.exit(1)


main()
