"""The API's interactive documentation: Swagger UI served from this site's static files
(drf-spectacular-sidecar), under the site's strict Content Security Policy.

drf-spectacular's plain Swagger view writes its start-up script and a few styles inline, which the
policy (`script-src 'self'`, `style-src 'self'`) forbids. The split view serves that script as a file
of its own (`?script`), and our template replaces the inline styles by a stylesheet: no inline code
remains. What Swagger UI itself still needs is allowed here only, by `csp_update` on this view
(see DOCS_CSP)."""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView

# Swagger UI (React) sets element styles from its script, and shows its logo as a data: SVG.
DOCS_CSP = {"img-src": ["data:"]}


@method_decorator(csp_update(DOCS_CSP), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "API ess_coop"
