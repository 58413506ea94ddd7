"""A client of a gsudo session's token endpoint that holds the session's credential file.

    python3 token_client.py ACCESS_TOKEN < credentials.json

Asks the file's token URI for a token with its refresh token, then its /tokeninfo about
ACCESS_TOKEN, and prints one line for each: `token STATUS [access_token]`, `tokeninfo STATUS`,
where STATUS is `none` when the connection was closed without an answer.
"""

import http.client
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

credentials = json.load(sys.stdin)
# Straight to loopback, whatever proxy the environment names.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post(url, fields):
    data = urllib.parse.urlencode(fields).encode()
    try:
        with opener.open(url, data) as response:
            body = response.read()
            return f"{response.status}" + (" access_token" if b"access_token" in body else "")
    except urllib.error.HTTPError as e:
        return f"{e.code}"
    except (OSError, http.client.HTTPException):
        return "none"


url = credentials["token_uri"]
print("token", post(url, {"grant_type": "refresh_token", "refresh_token": credentials["refresh_token"]}))
print("tokeninfo", post(url.removesuffix("/token") + "/tokeninfo", {"access_token": sys.argv[1]}))
