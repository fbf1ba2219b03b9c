"""Logging filters: hostile `Host` headers are noted once per host, as a warning without traceback.

Django logs every refused Host header (DisallowedHost) as an ERROR with its traceback on the
`django.security.DisallowedHost` logger, which, with ADMINS set, e-mails each one: a scanner sending a
thousand requests would send a thousand e-mails."""

import logging

MAX_REMEMBERED = 1000


class OncePerHost(logging.Filter):
    """Let through the first record of each refused host (per process), shortened to one line."""

    def __init__(self, name=""):
        super().__init__(name)
        self.seen = set()

    def filter(self, record):
        host = self.host_of(record)
        if host in self.seen:
            return False
        if len(self.seen) >= MAX_REMEMBERED:
            self.seen.clear()
        self.seen.add(host)
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.msg, record.args = "Refused Host header %r (further requests for it are not logged)", (host,)
        record.exc_info = record.exc_text = None
        return True

    @staticmethod
    def host_of(record):
        request = getattr(record, "request", None)
        if request is not None:
            return request.META.get("HTTP_HOST", "")[:200]
        return str(record.getMessage())[:200]
