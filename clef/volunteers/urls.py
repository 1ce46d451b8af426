from clef.volunteers.qualifications_urls import urlpatterns as qualifications
from clef.volunteers.shifts_urls import urlpatterns as shifts

app_name = "volunteers"

urlpatterns = [*qualifications, *shifts]
