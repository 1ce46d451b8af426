from django.urls import path

from clef.site import legal, letter_views, views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("histoire/", views.history, name="history"),
    path("association/", views.association, name="association"),
    path("infos-pratiques/", views.visit, name="visit"),
    path("ou-va-l-argent/", views.money, name="money"),
    path("adherer/", views.join, name="join"),
    path("lettre/", letter_views.ask, name="letter"),
    path("lettre/confirmer/<str:token>/", letter_views.confirm, name="letter_confirm"),
    path("lettre/quitter/<str:token>/", letter_views.leave, name="letter_leave"),
    path("mentions-legales/", views.legal_page, {"slug": legal.LEGAL_NOTICE}, name="legal_notice"),
    path("confidentialite/", views.legal_page, {"slug": legal.PRIVACY}, name="privacy"),
    path("conditions-de-vente/", views.legal_page, {"slug": legal.TERMS}, name="terms"),
    path("page/<slug:slug>/", views.page, name="page"),
]
