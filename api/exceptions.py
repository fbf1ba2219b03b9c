"""API errors as JSON with a clear French message, whatever went wrong (including unknown addresses)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    """DRF's handler, reshaped: {"statut": 404, "code": "not_found", "message": "…", "champs": {…}}."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    body = {"statut": response.status_code, "code": getattr(exc, "default_code", "error")}
    if isinstance(detail, dict) and "detail" in detail:
        body["message"] = str(detail["detail"])
        body["code"] = getattr(detail["detail"], "code", body["code"])
    else:
        body["message"] = _("Requête invalide.")
        body["champs"] = detail
    wait = getattr(exc, "wait", None)
    if wait:
        body["message"] = _("Trop de requêtes : réessayez dans %(seconds)s secondes.") % {"seconds": int(wait) + 1}
    response.data = body
    return response


def not_found(request, *args, **kwargs):
    """Any address under /api/ that names no endpoint."""
    return JsonResponse(
        {
            "statut": status.HTTP_404_NOT_FOUND,
            "code": "not_found",
            "message": _("Aucune ressource à cette adresse. La liste des ressources est à /api/v1/."),
        },
        status=status.HTTP_404_NOT_FOUND,
    )


def server_error(request):
    """A server error under /api/, in JSON like the other errors (the site's handler500 calls this)."""
    return JsonResponse(
        {
            "statut": status.HTTP_500_INTERNAL_SERVER_ERROR,
            "code": "server_error",
            "message": _("Erreur du serveur : elle est signalée à l’équipe. Réessayez plus tard."),
        },
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
