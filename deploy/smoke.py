"""Smoke test of a running cdtt over HTTPS: home page, login, API token, API call.

Usage: smoke.py BASE_URL USERNAME PASSWORD. Exits non-zero on the first failure. The TLS
certificate is not verified: this runs against a throw-away local certificate.
"""

import http.cookiejar
import json
import re
import ssl
import sys
import urllib.parse
import urllib.request


def main(base: str, username: str, password: str) -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # local self-signed certificate only
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar)
    )

    def fetch(path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        request = urllib.request.Request(base + path, data=body, headers=headers or {})  # noqa: S310
        with opener.open(request, timeout=30) as answer:  # noqa: S310 - our own https URL
            return answer.status, answer.headers, answer.read().decode()

    status, headers, page = fetch("/")
    check(status == 200 and "Tổ công nghệ số cộng đồng" in page, "home page in Vietnamese")
    check("unsafe-inline" not in headers["Content-Security-Policy"], "strict CSP")
    check("max-age=" in headers.get("Strict-Transport-Security", ""), "HSTS")
    status, _headers, page = fetch("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _headers, page = fetch(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"},
        {"Referer": base + "/accounts/login/"},
    )
    check("Đăng xuất" in page, "logged in through the login form")
    status, _headers, body = fetch(
        "/api/v1/auth/token/", {"username": username, "password": password}
    )
    api_token = json.loads(body)["token"]
    status, _headers, body = fetch(
        "/api/v1/orgunits/", headers={"Authorization": f"Token {api_token}"}
    )
    check(status == 200 and json.loads(body)["count"] >= 1, "API with a token")
    print("smoke: all passed")


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"smoke: FAILED: {what}")
    print(f"smoke: ok: {what}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
