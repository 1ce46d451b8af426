from django.urls import path

from clef.volunteers import feeds, gaps_views, shifts_views, staffing_views

urlpatterns = [
    path("benevoles/", shifts_views.index, name="index"),
    path("benevoles/creneaux/nouveau/", shifts_views.new_shift, name="new_shift"),
    path("benevoles/creneaux/<int:pk>/", shifts_views.shift, name="shift"),
    path("benevoles/creneaux/<int:pk>/prendre/", shifts_views.take, name="take_shift"),
    path("benevoles/creneaux/<int:pk>/annuler/", shifts_views.cancel, name="cancel_shift"),
    path("benevoles/creneaux/<int:pk>/proposer/", shifts_views.offer, name="offer_shift"),
    path("benevoles/creneaux/<int:pk>/garder/", shifts_views.keep, name="keep_shift"),
    path("benevoles/rappel/", shifts_views.reminder, name="reminder"),
    path("benevoles/agenda/", shifts_views.feed_new, name="feed_new"),
    path("benevoles/agenda/revoquer/", shifts_views.feed_revoke, name="feed_revoke"),
    path("benevoles/agenda/<str:secret>.ics", feeds.feed, name="feed"),
    path("benevoles/manques/", gaps_views.index, name="gaps"),
    path("benevoles/modeles/", staffing_views.index, name="staffing"),
]
