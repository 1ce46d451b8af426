from django.urls import path, re_path

from clef.programme import views

app_name = "programme"
urlpatterns = [
    path("programme/", views.week, name="this_week"),
    re_path(r"^programme/(?P<day>\d{4}-\d{2}-\d{2})/$", views.week, name="week"),
    path("programme.ics", views.calendar, name="calendar"),
    path("seance/<int:pk>/", views.screening, name="screening"),
    path("film/<slug:slug>/", views.film, name="film"),
    path("cycle/<slug:slug>/", views.cycle, name="cycle"),
    path("cycle/<slug:slug>.ics", views.calendar, name="cycle_calendar"),
]
