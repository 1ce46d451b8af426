from django.urls import path

from clef.accounting import (
    declaration_views,
    declared_views,
    statement_views,
    statistics_views,
    views,
)

app_name = "accounting"

urlpatterns = [
    # The treasurer's desk and a screening's statement and agreements: views.py
    path("tresorerie/", views.index, name="index"),
    path("tresorerie/seance/<int:pk>/", views.screening, name="screening"),
    path("tresorerie/seance/<int:pk>/accords/", views.agreements, name="agreements"),
    # The weekly declaration and the monthly tax: declaration_views.py
    path("tresorerie/semaine/", views.last_declaration, name="last_declaration"),
    path("tresorerie/semaine/<str:day>/", declaration_views.week, name="declaration"),
    path(
        "tresorerie/semaine/<str:day>/declaration.csv",
        declaration_views.week_csv,
        name="declaration_csv",
    ),
    path(
        "tresorerie/semaine/<str:day>/declaration.pdf",
        declaration_views.week_pdf,
        name="declaration_pdf",
    ),
    path(
        "tresorerie/semaine/<str:day>/declaration.json",
        declaration_views.week_json,
        name="declaration_json",
    ),
    path("tresorerie/mois/<str:month>/", declaration_views.month, name="monthly_tax"),
    # Declaring a week and a month, and the versions declared: declared_views.py
    path(
        "tresorerie/semaine/<str:day>/declarer/",
        declared_views.declare_week,
        name="declare_week",
    ),
    path(
        "tresorerie/mois/<str:month>/declarer/",
        declared_views.declare_month,
        name="declare_month",
    ),
    path(
        "tresorerie/declaration/<int:pk>/",
        declared_views.version,
        name="declared_version",
    ),
    path(
        "tresorerie/declaration/<int:pk>/<str:name>",
        declared_views.version_file,
        name="declared_file",
    ),
    # Statements to each rights holder: statement_views.py
    path(
        "tresorerie/distributeur/<int:holder>/<str:day>/",
        statement_views.statement,
        name="distributor_statement",
    ),
    path(
        "tresorerie/distributeur/<int:holder>/<str:day>/releve.pdf",
        statement_views.statement_pdf,
        name="distributor_statement_pdf",
    ),
    path(
        "tresorerie/distributeur/<int:holder>/<str:day>/releve.csv",
        statement_views.statement_csv,
        name="distributor_statement_csv",
    ),
    path(
        "tresorerie/distributeur/<int:holder>/<str:day>/envoyer/",
        statement_views.send,
        name="send_statement",
    ),
    path(
        "tresorerie/releve/<int:pk>/releve.pdf",
        statement_views.version_pdf,
        name="statement_version_pdf",
    ),
    path(
        "tresorerie/releve/<int:pk>/releve.csv",
        statement_views.version_csv,
        name="statement_version_csv",
    ),
    # Statistics: statistics_views.py
    path("tresorerie/statistiques/", statistics_views.statistics, name="statistics"),
    path(
        "tresorerie/statistiques/<slug:chart>.csv",
        statistics_views.chart_csv,
        name="statistics_csv",
    ),
]
