from django.urls import path

from clef.volunteers import hours_views, trainings_views

urlpatterns = [
    path("benevoles/formations/", trainings_views.index, name="trainings"),
    path("benevoles/formations/<int:pk>/", trainings_views.session, name="training_session"),
    path(
        "benevoles/formations/<int:pk>/inscription/",
        trainings_views.register,
        name="training_register",
    ),
    path(
        "benevoles/formations/accompagnement/",
        trainings_views.confirm_shadow,
        name="confirm_shadow",
    ),
    path("benevoles/heures/", hours_views.index, name="hours"),
    path("benevoles/heures/creneau/<int:pk>/", hours_views.confirm, name="confirm_hours"),
    path("benevoles/heures/<int:year>/", hours_views.report, name="hours_report"),
    path("benevoles/heures/<int:year>/heures.csv", hours_views.report_csv, name="hours_csv"),
    path("benevoles/heures/<int:year>/heures.pdf", hours_views.report_pdf, name="hours_pdf"),
]
