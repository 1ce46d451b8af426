from django.urls import path

from clef.members import views

app_name = "members"

urlpatterns = [
    path("", views.join, name="join"),
    path("carte/<str:code>/", views.card, name="card"),
    path("carte/<str:code>/carte.pdf", views.card_pdf, name="card_pdf"),
    path("carte/<str:code>/qr.svg", views.card_qr, name="card_qr"),
    path("carte/<str:code>/attestation.pdf", views.attestation_pdf, name="attestation_pdf"),
]
