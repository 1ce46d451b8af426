from django.urls import path

from clef.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("creer/", views.signup, name="signup"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("connexion/", views.login, name="login"),
    path("connexion/lien/", views.login_link, name="login_link"),
    path("connexion/lien/<str:token>/", views.login_by_link, name="login_by_link"),
    path("deconnexion/", views.logout, name="logout"),
    path("mes-donnees.json", views.export, name="export"),
    path("supprimer/", views.delete, name="delete"),
]
