from django.urls import path

from clef.tickets import door, listing, offer_views, views

app_name = "tickets"

urlpatterns = [
    # The member's side.
    path("seance/<int:pk>/reserver/", views.book, name="book"),
    path("seance/<int:pk>/places/", views.seats, name="seats"),
    path("seances/places/", listing.listing_places, name="listing_places"),
    path("seance/<int:pk>/liste-d-attente/", views.join_waiting_list, name="waiting_list"),
    path("seance/<int:pk>/offre/<str:token>/", offer_views.waiting_offer, name="waiting_offer"),
    path("seance/<int:pk>/inscription/", views.register, name="register"),
    path("reservation/<str:code>/", views.booking, name="booking"),
    path("reservation/<str:code>/billets.pdf", views.booking_pdf, name="booking_pdf"),
    path("billet/<str:code>/qr.svg", views.ticket_qr, name="ticket_qr"),
    path("billet/<str:code>/annuler/", views.cancel_ticket, name="cancel_ticket"),
    path("inscription/<str:code>/", views.registration, name="registration"),
    path(
        "inscription/<str:code>/confirmer/<str:token>/",
        views.confirm_registration,
        name="confirm_registration",
    ),
    # The door and the staff (checking in and taking money: boxoffice's door).
    path("porte/", door.index, name="door"),
    path("porte/<int:pk>/salle/", door.screening_overview, name="screening_overview"),
]
