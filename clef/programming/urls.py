from clef.programming.checklists_urls import urlpatterns as checklists
from clef.programming.meetings_urls import urlpatterns as meetings
from clef.programming.proposals_urls import urlpatterns as proposals

app_name = "programming"

urlpatterns = [*proposals, *meetings, *checklists]
