from django.urls import path

from clef.boxoffice import (
    corrections,
    door,
    offline_views,
    receipt_views,
    till,
    till_sale,
    till_sessions,
    views,
)

app_name = "boxoffice"

urlpatterns = [
    # The till (cashiers): till.py, till_sessions.py (open, close), till_sale.py (a sale)
    path("caisse/", till.index, name="tills"),
    path("caisse/<int:pk>/", till.screen, name="till"),
    path("caisse/<int:pk>/ouvrir/", till_sessions.open_till, name="open"),
    path("caisse/<int:pk>/vente/", till.sell, name="sell"),
    path("caisse/<int:pk>/seances/", till.screenings, name="screenings"),
    path("caisse/<int:pk>/membres/", till.find_member, name="members"),
    path("caisse/<int:pk>/entree/", door.till_check_in, name="checkin"),
    path("caisse/<int:pk>/fermer/", till_sessions.close_till, name="close"),
    path("caisse/<int:pk>/passer/", till_sessions.hand_over, name="handover"),
    path("caisse/<int:pk>/rembourser/", corrections.refund, name="refund"),
    # The till as a web app that sells offline: offline_views.py
    path("caisse/manifest.webmanifest", offline_views.manifest, name="manifest"),
    path("caisse/sw.js", offline_views.service_worker, name="service_worker"),
    path("caisse/vente/<str:code>/", till_sale.sale, name="sale"),
    path("caisse/vente/<str:code>/billets.pdf", till_sale.sale_pdf, name="sale_pdf"),
    path("caisse/vente/<str:code>/annuler/", till_sale.undo, name="undo"),
    # A sale on 80 mm paper (its cashier, treasurers): receipt_views.py
    path("caisse/vente/<str:code>/recu/", receipt_views.receipt, name="receipt"),
    path("caisse/vente/<str:code>/recu.pdf", receipt_views.receipt_pdf, name="receipt_pdf"),
    path("caisse/vente/<str:code>/billets/", receipt_views.tickets_page, name="sale_tickets_80"),
    path(
        "caisse/vente/<str:code>/billets-80mm.pdf",
        receipt_views.tickets_80mm_pdf,
        name="sale_tickets_80_pdf",
    ),
    # The door (and the till's check-in above): taking the money of a booked ticket is a
    # door sale (door.py).
    path("porte/<int:pk>/", door.check_in, name="door_check_in"),
    path("porte/<int:pk>/ouvrir/", door.open_session, name="door_open"),
    # What the till wrote (cashiers, treasurers): views.py
    path("caisse/sessions/", views.session_list, name="sessions"),
    path("caisse/session/<int:pk>/", views.session_report, name="session_report"),
    path(
        "caisse/session/<int:pk>/rapport.pdf", views.session_report_pdf, name="session_report_pdf"
    ),
    path("caisse/seance/<int:pk>/releve/", views.ticket_statement, name="ticket_statement"),
    # Cancelling a screening with tickets sold (staff who change screenings): corrections.py
    path("caisse/seance/<int:pk>/annuler/", corrections.cancel_screening, name="cancel_screening"),
    path("caisse/clotures/", views.closings, name="closings"),
    path("caisse/clotures/<int:pk>/", views.closing, name="closing"),
    path("caisse/clotures/<int:pk>/cloture.pdf", views.closing_pdf, name="closing_pdf"),
]
