from django.urls import path

from clef.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("histoire/", views.history, name="history"),
    path("association/", views.association, name="association"),
    path("infos-pratiques/", views.visit, name="visit"),
    path("ou-va-l-argent/", views.money, name="money"),
    path("page/<slug:slug>/", views.page, name="page"),
]
