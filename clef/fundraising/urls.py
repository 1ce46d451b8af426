from clef.fundraising.campaigns_urls import urlpatterns as campaigns
from clef.fundraising.gifts_urls import urlpatterns as gifts

app_name = "fundraising"

urlpatterns = [*campaigns, *gifts]
