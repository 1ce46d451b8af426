from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from clef.api.api import api
from clef.lib.throttle import AdminSignInForm, admin_password_change
from clef.site.sitemaps import SITEMAPS
from clef.site.views import health

urlpatterns = [
    path("health/", health, name="health"),
    # Browsers ask for it on pages that name no icon (the back office's).
    path("favicon.ico", RedirectView.as_view(url=static("clef/favicon.svg"), permanent=True)),
    path("api/", api.urls),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    *i18n_patterns(
        path("", include("clef.site.urls")),
        path("", include("clef.programme.urls")),
        path("", include("clef.tickets.urls")),
        path("", include("clef.boxoffice.urls")),
        path("", include("clef.accounting.urls")),
        path("", include("clef.volunteers.urls")),
        path("", include("clef.fundraising.urls")),
        path("", include("clef.programming.urls")),
        path("adhesion/", include("clef.members.urls")),
        path("compte/", include("clef.accounts.urls")),
        path("paiement/", include("clef.payments.urls")),
        # Before the back office's own: its password change, behind the throttle.
        path("gestion/password_change/", admin_password_change),
        path("gestion/", admin.site.urls),
        prefix_default_language=False,
    ),
]

handler404 = "clef.site.views.not_found"
handler500 = "clef.site.views.server_error"

admin.site.site_header = _("Volunteers' area")
admin.site.site_title = _("Volunteers' area")
admin.site.index_title = _("What do you want to do?")
# The back office's sign-in says when the throttle paused it.
admin.site.login_form = AdminSignInForm
# Its sign-in page also offers a link by email, as the site does.
admin.site.login_template = "admin/login_with_link.html"
