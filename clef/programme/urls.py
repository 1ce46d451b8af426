from django.urls import path

from clef.programme import views

app_name = "programme"
urlpatterns = [
    path("programme/", views.week, name="this_week"),
    path("programme/<str:day>/", views.week, name="week"),
    path("programme.ics", views.calendar, name="calendar"),
    path("seance/<int:pk>/", views.screening, name="screening"),
    path("recherche/", views.search_page, name="search"),
    path("film/<slug:slug>/", views.film, name="film"),
    path("film/<slug:slug>/affiche-<int:width>.jpg", views.poster, name="poster"),
    path("cycle/<slug:slug>/", views.cycle, name="cycle"),
    path("cycle/<slug:slug>.ics", views.calendar, name="cycle_calendar"),
]
