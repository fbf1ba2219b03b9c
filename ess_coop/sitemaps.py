"""sitemap.xml: the public pages, the published entries of every list, the open calls."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actors.models import Actor, Collectivity
from calls.models import Call
from case_studies.models import CaseStudy
from projects.models import Project

PAGE_SIZE = 5000  # entries per sitemap page (the protocol allows 50,000; smaller pages build faster)


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "actors:actor_list",
            "actors:collectivity_list",
            "projects:project_list",
            "case_studies:case_study_list",
            "calls:list",
            "statistics",
            "alerts:index",
        ]

    def location(self, item):
        return reverse(item)


class EntrySitemap(Sitemap):
    """Published entries of one model, lightest query: no default ordering over a big table."""

    limit = PAGE_SIZE

    def __init__(self, queryset, order="pk"):
        self.queryset, self.order = queryset, order

    def items(self):
        return self.queryset.order_by(self.order)

    def lastmod(self, obj):
        return getattr(obj, "updated_at", None)


SITEMAPS = {
    "pages": StaticSitemap(),
    "acteurs": EntrySitemap(Actor.objects.published().only("slug", "updated_at")),
    "collectivites": EntrySitemap(Collectivity.objects.published().only("slug", "updated_at")),
    "projets": EntrySitemap(Project.objects.published().only("slug", "updated_at")),
    "etudes-de-cas": EntrySitemap(CaseStudy.objects.published(), order="number"),
    "appels": EntrySitemap(Call.objects.open().only("slug", "updated_at")),
}
