"""The re-display of a form whose POST went over its rate limit (django-ratelimit with block=False)."""

from http import HTTPStatus


def over_rate_limit(request, form, message):
    """True when this POST went over its rate limit: the form then carries `message` as a form-wide
    error, and the view re-displays it with status 429 (see `form_status`)."""
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, message)
        return True
    return False


def form_status(limited):
    return HTTPStatus.TOO_MANY_REQUESTS if limited else HTTPStatus.OK
