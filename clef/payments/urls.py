from django.urls import path

from clef.payments import views

app_name = "payments"

urlpatterns = [
    path("test/<str:code>/", views.test_provider, name="test_provider"),
]
