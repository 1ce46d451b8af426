from django.urls import path

from clef.fundraising import campaigns_views, reports_views

urlpatterns = [
    path("soutenir/", campaigns_views.campaign_list, name="campaigns"),
    path("soutenir/<slug:slug>.json", campaigns_views.figures_json, name="campaign_json"),
    path("soutenir/<slug:slug>/", campaigns_views.campaign, name="campaign"),
    path("soutenir/<slug:slug>/integrer/", campaigns_views.embed, name="campaign_embed"),
    path("soutenir/<slug:slug>/image/", campaigns_views.image, name="campaign_image"),
    path("tresorerie/collecte/", reports_views.report, name="report"),
    path("tresorerie/collecte.csv", reports_views.report_csv, name="report_csv"),
    path("tresorerie/mecenes/", reports_views.patrons, name="patrons"),
]
