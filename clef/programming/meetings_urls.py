from django.urls import path

from clef.programming import meetings_run_views, meetings_views, votes_views

urlpatterns = [
    path("reunions/", meetings_views.meeting_list, name="meetings"),
    path("reunions/reunions.ics", meetings_views.meetings_calendar, name="meetings_calendar"),
    path("reunions/<str:pk>/", meetings_views.meeting_page, name="meeting"),
    path("reunions/<str:pk>/venir/", meetings_views.meeting_answer, name="meeting_answer"),
    path("reunions/<str:pk>/ordre-du-jour/", meetings_views.meeting_agenda, name="meeting_agenda"),
    path("reunions/<str:pk>/animer/", meetings_run_views.meeting_run, name="meeting_run"),
    path(
        "reunions/<str:pk>/compte-rendu.pdf",
        meetings_views.meeting_minutes_pdf,
        name="meeting_minutes_pdf",
    ),
    path("sondages/", votes_views.poll_list, name="polls"),
    path("sondages/<str:pk>/", votes_views.poll_page, name="poll"),
]
