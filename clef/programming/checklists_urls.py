from django.urls import path

from clef.programming import checklists_views as views

urlpatterns = [
    path("programmer/mes-seances/", views.my_screenings, name="my_screenings"),
    path("programmer/seance/<int:pk>/", views.checklist, name="checklist"),
    path("programmer/seance/<int:pk>/liste/", views.checklist_add, name="checklist_add"),
    path("programmer/seance/<int:pk>/publier/", views.checklist_publish, name="checklist_publish"),
    path("propositions/<int:pk>/creneaux/", views.proposal_slots, name="proposal_slots"),
]
