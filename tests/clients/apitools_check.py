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
# The project the test's world disables IAM Credentials in.
DISABLED_PROJECT = "sandbox-data"
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


# google.rpc.Code names, which error bodies carry as `status` (google/rpc/code.proto).
CODES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
         "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
         "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
         "UNAUTHENTICATED"}


class ErrorInfo(_messages.Message):
    """google.rpc.ErrorInfo as google/rpc/error_details.proto defines it: the SDK generates it
    only for APIs that rename `metadata`, so it is declared here, field for field."""

    @encoding.MapUnrecognizedFields("additionalProperties")
    class MetadataValue(_messages.Message):
        class AdditionalProperty(_messages.Message):
            key = _messages.StringField(1)
            value = _messages.StringField(2)

        additionalProperties = _messages.MessageField("AdditionalProperty", 1, repeated=True)

    reason = _messages.StringField(1)
    domain = _messages.StringField(2)
    metadata = _messages.MessageField("MetadataValue", 3)


def detail_class(type_url):
    """The generated (or, for ErrorInfo, declared) class of one error detail."""
    compute = messages("compute", "v1")
    return {
        "type.googleapis.com/google.rpc.ErrorInfo": ErrorInfo,
        "type.googleapis.com/google.rpc.Help": compute.Help,
        "type.googleapis.com/google.rpc.LocalizedMessage": compute.LocalizedMessage,
    }.get(type_url)


def check_error(what, method, url, token, expected_reason, body=None, headers=None):
    """Calls one method that must fail and decodes its google.rpc.Status body: the status with
    IAM's generated Status class, each detail with its own; returns the ErrorInfo reason."""
    global checked
    all_headers = {"Authorization": f"Bearer {token}", **(headers or {})}
    response = requests.request(method, BASE + url, headers=all_headers, json=body)
    try:
        error = dict(response.json()["error"])
        name = error.pop("status")
        if name not in CODES:
            raise ValueError(f"status {name!r} is not a google.rpc.Code")
        status = encoding.JsonToMessage(messages("iam", "v1").Status, json.dumps(error))
        if status.code != response.status_code:
            raise ValueError(f"code {status.code} but HTTP {response.status_code}")
        found = unknown_fields(status)
        reasons = []
        for detail in error.get("details", []):
            detail = dict(detail)
            cls = detail_class(detail.pop("@type", None))
            if cls is None:
                raise ValueError(f"detail of unknown type: {detail}")
            decoded = encoding.JsonToMessage(cls, json.dumps(detail))
            found += unknown_fields(decoded)
            if cls is ErrorInfo:
                reasons.append(decoded.reason)
    except Exception as e:  # the classes rejected a value, or the body is not Google's shape
        problems.append(f"{what} {url}: {type(e).__name__}: {e}: {response.text[:300]}")
        return
    if found:
        problems.append(f"{what} {url}: fields unknown to gcloud: {found}")
    if expected_reason not in reasons:
        problems.append(f"{what} {url}: ErrorInfo reasons {reasons}, not {expected_reason}")
        return
    checked += 1
    print(f"ok {what} {url} error {name} {expected_reason}")


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

    account = f"/v1/projects/{PROJECT}/serviceAccounts/{DEPLOYER}"
    policy = check("iam", "v1", "Policy", "POST", f"{account}:getIamPolicy", alice, {})
    check("iam", "v1", "Policy", "POST", f"{account}:setIamPolicy", alice,
          {"policy": policy or {}})

    # Refusals, as Google sends them.
    mallory = requests.post(
        BASE + "/token",
        data={"grant_type": "refresh_token", "refresh_token": "sandbox-refresh-mallory"},
    ).json()["access_token"]
    check_error("iamcredentials v1 denied", "POST", f"{iamcredentials}:generateAccessToken",
                mallory, "IAM_PERMISSION_DENIED", {"scope": [CLOUD_PLATFORM]})
    narrow = requests.post(
        BASE + f"{iamcredentials}:generateAccessToken",
        headers={"Authorization": f"Bearer {alice}"},
        json={"scope": ["https://www.googleapis.com/auth/devstorage.read_only"]},
    ).json()["accessToken"]
    check_error("iamcredentials v1 scopes", "POST", f"{iamcredentials}:generateAccessToken",
                narrow, "ACCESS_TOKEN_SCOPE_INSUFFICIENT", {"scope": [CLOUD_PLATFORM]})
    check_error("iamcredentials v1 disabled", "POST", f"{iamcredentials}:generateAccessToken",
                alice, "SERVICE_DISABLED", {"scope": [CLOUD_PLATFORM]},
                {"X-Goog-User-Project": DISABLED_PROJECT})
    check_error("iam v1 scopes", "GET", f"/v1/projects/{PROJECT}/serviceAccounts", narrow,
                "ACCESS_TOKEN_SCOPE_INSUFFICIENT")

    print(f"{checked} answers checked")
    if problems:
        print("\n".join(["MISMATCH " + p for p in problems]), file=sys.stderr)
        sys.exit(1)


main()
