"""Root URLs: the public pages, the admin, language switching."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.page_cache import public_page

from . import accounts, pages, views
from .sitemaps import SITEMAPS

# allauth's rate limits also guard the admin's login: log in through /compte/ first.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("ess_coop — administration")
admin.site.site_title = _("ess_coop")
admin.site.index_title = _("Curation de l’annuaire")

urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("accessibilite/", pages.LegalPage.as_view(template_name="legal/accessibility.html"), name="accessibility"),
    path("mentions-legales/", pages.LegalPage.as_view(template_name="legal/legal_notice.html"), name="legal_notice"),
    path(
        "donnees-personnelles/",
        pages.LegalPage.as_view(template_name="legal/personal_data.html"),
        name="personal_data",
    ),
    path("compte/supprimer/", accounts.delete_account_view, name="delete_account"),
    path("recherche/", public_page(views.search_page), name="search"),
    path("statistiques/", public_page(views.statistics), name="statistics"),
    path("", include("matching.urls")),  # before actors: /acteurs/comparer/ is not an actor's page
    path("", include("actors.urls")),
    path("", include("contributions.urls")),
    path("", include("calls.urls")),
    path("", include("alerts.urls")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("compte/", include("allauth.urls")),
    path("projets/", include("projects.urls")),
    path("etudes-de-cas/", include("case_studies.urls")),
    path("api/", include("api.urls")),
    path("", include("api.site_urls")),
    path("admin/curation/", include("curation.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    urlpatterns += [path("404/", views.page_not_found_preview), path("500/", views.server_error_preview)]

handler404 = "ess_coop.views.page_not_found"
handler500 = "ess_coop.views.server_error"
