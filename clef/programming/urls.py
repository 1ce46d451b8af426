from django.urls import path  # noqa: F401

from clef.programming.proposals_urls import urlpatterns as proposals
from clef.programming.meetings_urls import urlpatterns as meetings
from clef.programming.checklists_urls import urlpatterns as checklists

app_name = "programming"

urlpatterns = [*proposals, *meetings, *checklists]
