"""Shared pieces of the scale-out scripts (scale_out_check.py, replica_check.py): Debian packages,
a small HTTP client that keeps its own cookies, and gunicorn/haproxy processes on loopback ports."""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def as_root(command):
    return command if os.geteuid() == 0 else ["sudo", *command]


def apt_install(*packages, tries=5):
    """apt-get update then install, waiting for the dpkg lock (other installs may be running) and
    retrying: a shared machine can hold the lock for minutes."""
    wait = ["-o", "DPkg::Lock::Timeout=600"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for attempt in range(1, tries + 1):
        update = subprocess.run(as_root(["apt-get", *wait, "update", "-qq"]), env=env, check=False)
        install = subprocess.run(
            as_root(["apt-get", *wait, "install", "-y", "-qq", *packages]), env=env, check=False, capture_output=True
        )
        if update.returncode == 0 and install.returncode == 0:
            return
        print(f"apt-get a échoué (essai {attempt}/{tries}) : {install.stderr.decode()[-500:]}", file=sys.stderr)
        time.sleep(10 * attempt)
    raise SystemExit(f"Impossible d’installer {' '.join(packages)}")


def ensure_haproxy():
    if not shutil.which("haproxy"):
        apt_install("haproxy")
    return shutil.which("haproxy")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(NoRedirect)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def server(self):
        return self.headers.get("X-Served-By", "?")


class Client:
    """One browser: its cookies go to whichever base URL it is asked to talk to (a server or the
    load balancer), the way one browser meets whichever server the balancer picks."""

    def __init__(self):
        self.cookies = {}

    def request(self, base, path, data=None, files=None, headers=None):
        headers = {"Host": "127.0.0.1", **(headers or {})}
        body = None
        if files:
            body, content_type = multipart(data or {}, files)
            headers["Content-Type"] = content_type
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        request = urllib.request.Request(base + path, data=body, headers=headers, method="POST" if body else "GET")
        try:
            with _opener.open(request, timeout=120) as raw:
                response = Response(raw.status, raw.headers, raw.read())
        except urllib.error.HTTPError as error:
            response = Response(error.code, error.headers, error.read())
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or not value or value == '""':
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, base, path, **kwargs):
        return self.request(base, path, **kwargs)

    def post_form(self, base, page, data, action=None, files=None):
        """GET the page for its CSRF token, then POST the form (to `action`, default the page)."""
        token = csrf_token(self.get(base, page).text)
        return self.request(base, action or page, data={"csrfmiddlewaretoken": token, **data}, files=files)


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SystemExit("Pas de jeton CSRF dans la page")
    return match.group(1)


def hidden_inputs(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def server_env(extra=None):
    """Production settings on plain HTTP loopback: what each app server gets (one shared SECRET_KEY)."""
    static_root = Path(tempfile.gettempdir()) / "ess_coop_scaleout_static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ess_coop.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "RATELIMIT_IP_META_KEY": "HTTP_X_FORWARDED_FOR",
        "STATIC_ROOT": str(static_root),
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "EMAIL_URL": "consolemail://",
        "DEBUG": "false",
    }
    env.update(extra or {})
    return env


def manage(env, *args, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, **kwargs)


SETUP_USER = """
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
from django.core.cache import cache
from actors.models import Actor
user, _ = get_user_model().objects.get_or_create(username="scaleout", defaults={{"email": "{email}"}})
user.email, user.is_staff, user.is_superuser = "{email}", True, True
user.set_password("{password}")
user.save()
EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={{"verified": True, "primary": True}})
actor = Actor.objects.published().order_by("pk").first()
if not actor.email:
    actor.email = "contact@example.org"
    actor.save()
cache.clear()
print(actor.slug)
"""


def prepare(env, email, password):
    """Schema, the study, a verified staff account, static files; the cache emptied. Returns the slug
    of a published actor with a contact address."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_study", stdout=subprocess.DEVNULL)
    manage(env, "collectstatic", "--noinput", "-v0")
    result = manage(
        env, "shell", "-c", SETUP_USER.format(email=email, password=password), capture_output=True, text=True
    )
    return result.stdout.strip().splitlines()[-1]


def start_gunicorn(port, env, workers=2, log_dir=None):
    log = open(Path(log_dir or tempfile.gettempdir()) / f"gunicorn-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [GUNICORN, "ess_coop.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "120"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for(f"http://127.0.0.1:{port}/", process)
    return process


HAPROXY_CONFIG = """global
    maxconn 512
defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
frontend www
    bind 127.0.0.1:{port}
    # The client address for rate limits: set, never appended (a client cannot forge it).
    http-request set-header X-Forwarded-For %[src]
    default_backend app
backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /static/css/site.css ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    # Which server answered, for the checks (remove in production).
    http-response set-header X-Served-By %s
{servers}
"""


def start_haproxy(port, backends, work_dir):
    servers = "\n".join(f"    server app{n} 127.0.0.1:{p} check inter 5s" for n, p in enumerate(backends, 1))
    config = Path(work_dir) / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(port=port, servers=servers))
    haproxy = ensure_haproxy()
    subprocess.run([haproxy, "-c", "-q", "-f", str(config)], check=True)
    log = open(Path(work_dir) / "haproxy.log", "w")  # noqa: SIM115
    process = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/", process)
    return process


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} s’est arrêté (code {process.returncode})")
        try:
            with _opener.open(urllib.request.Request(url, headers={"Host": "127.0.0.1"}), timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} ne répond pas")


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def check(label, ok, detail=""):
    print(f"[{'OK' if ok else 'ÉCHEC'}] {label}" + (f" — {detail}" if detail else ""))
    return ok
