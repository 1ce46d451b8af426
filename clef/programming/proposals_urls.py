from django.urls import path

from clef.programming import proposals_stats_views as stats
from clef.programming import views_proposals as views

urlpatterns = [
    path("programmer/", views.guide, name="proposal_guide"),
    path("propositions/", views.proposal_list, name="proposals"),
    path("propositions/nouvelle/", views.proposal_new, name="proposal_new"),
    path("propositions/chiffres/", stats.figures, name="proposal_figures"),
    path("propositions/chiffres/<slug:chart>.csv", stats.chart_csv, name="proposal_figures_csv"),
    path("propositions/<int:pk>/", views.proposal_detail, name="proposal"),
    path("propositions/<int:pk>/modifier/", views.proposal_amend, name="proposal_amend"),
    path("propositions/<int:pk>/commenter/", views.proposal_comment, name="proposal_comment"),
    path("propositions/<int:pk>/suivre/", views.proposal_follow, name="proposal_follow"),
    path("propositions/<int:pk>/etat/", views.proposal_status, name="proposal_status"),
]
