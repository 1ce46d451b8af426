from django.urls import path

from clef.fundraising import gifts_views, pledges_views, receipts_views

urlpatterns = [
    path("soutenir/<slug:slug>/donner/", gifts_views.give, name="give"),
    path("compte/dons/", gifts_views.my_gifts, name="my_gifts"),
    path("compte/dons/recu/<str:code>.pdf", gifts_views.receipt_download, name="receipt_pdf"),
    path("tresorerie/dons/", receipts_views.gift_list, name="gifts"),
    path("tresorerie/recus/", receipts_views.receipt_list, name="receipts"),
    path("tresorerie/promesses/", pledges_views.pledge_list, name="pledges"),
    path(
        "tresorerie/promesses/echeance/<int:pk>/",
        pledges_views.instalment_paid,
        name="instalment_paid",
    ),
    path("tresorerie/recus/annee/", receipts_views.issue_year, name="issue_year"),
    path(
        "tresorerie/recus/<str:code>/annuler/",
        receipts_views.receipt_cancel,
        name="receipt_cancel",
    ),
    path("tresorerie/recus/releve/<str:year>/", receipts_views.statement, name="statement"),
    path(
        "tresorerie/recus/releve/<str:year>.csv",
        receipts_views.statement_csv,
        name="statement_csv",
    ),
    path(
        "tresorerie/recus/releve/<str:year>.pdf",
        receipts_views.statement_pdf,
        name="statement_pdf",
    ),
]
