from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from clef.programme.models import Cycle, Film, Screening


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "site:home",
            "programme:this_week",
            "site:history",
            "site:association",
            "site:visit",
            "site:money",
        ]

    def location(self, item):
        return reverse(item)


class ScreeningSitemap(I18nSitemap):
    changefreq = "daily"
    limit = 2000

    def items(self):
        return Screening.objects.published().order_by("starts_at").only("pk", "updated_at")

    def lastmod(self, screening):
        return screening.updated_at


class FilmSitemap(I18nSitemap):
    limit = 2000

    def items(self):
        return Film.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, film):
        return film.updated_at


class CycleSitemap(I18nSitemap):
    def items(self):
        return Cycle.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, cycle):
        return cycle.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "screenings": ScreeningSitemap,
    "films": FilmSitemap,
    "cycles": CycleSitemap,
}
