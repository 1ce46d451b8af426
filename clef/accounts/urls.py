from django.urls import path

from clef.accounts import account_views, data_views, history_views, views, waiting_views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("creer/", views.signup, name="signup"),
    path("historique/", history_views.history, name="history"),
    path("attente/", waiting_views.waiting, name="waiting"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("connexion/", views.login, name="login"),
    path("connexion/lien/", views.login_link, name="login_link"),
    path("connexion/lien/<str:token>/", views.login_by_link, name="login_by_link"),
    path("deconnexion/", views.logout, name="logout"),
    path("mot-de-passe/", account_views.password, name="password"),
    path("mot-de-passe/oublie/", account_views.reset, name="reset"),
    path("mot-de-passe/nouveau/<str:token>/", account_views.reset_confirm, name="reset_confirm"),
    path("nom-et-langue/", account_views.profile, name="profile"),
    path("adresse/", account_views.address, name="address"),
    path("adresse/<str:token>/", account_views.address_confirm, name="address_confirm"),
    path("connexions/", account_views.sessions, name="sessions"),
    path("connexions/fermer/", account_views.end_sessions, name="end_sessions"),
    path("mes-donnees.json", data_views.export, name="export"),
    path("supprimer/", data_views.delete, name="delete"),
    path("supprimer/ce-qui-reste/", data_views.kept, name="kept"),
    path("supprimer/lien/<str:token>/", data_views.delete_confirm, name="delete_confirm"),
]
