"""Fixtures the accounting tests share: the treasurer signed in, and a week with one
screening for each kind of terms."""

import datetime as dt

import pytest


@pytest.fixture
def signed_in(client, treasurer, venue):
    client.force_login(treasurer)
    return client


@pytest.fixture
def week_of_every_kind(make_film, make_screening, sell, agree, make_holder, small_room):
    """Build the week of 18 November 2026 with one screening for each kind of terms:
    a percentage, a flat fee (an X film), a minimum guarantee, rights waived, and a
    programme of three shorts with two holders. ``short`` names the first short and
    ``shorts_holder`` its holder (``(name, email)``); ``last_price`` is the programme's
    third ticket. Returns (Survivance, the shorts' holder, Collectif Jeune Cinéma)."""

    def build(*, short, shorts_holder, last_price):
        survivance = make_holder("Survivance")
        name, email = shorts_holder
        holder = make_holder(name, email=email)
        jeune = make_holder("Collectif Jeune Cinéma", email="cjc@example.org")

        wanda = make_screening(dt.date(2026, 11, 18), "20:00", films=[make_film("Wanda")])
        sell(wanda, "10", "0", "5")
        agree(wanda, rate="50", holder=survivance)

        salo = make_film("Salò", x_rated=True, visa_number="45678")
        late = make_screening(dt.date(2026, 11, 19), "22:00", films=[salo], room=small_room)
        sell(late, "12", "8")
        agree(late, kind="flat_fee", amount="15", holder=survivance)

        nosferatu = make_screening(dt.date(2026, 11, 20), "18:00", films=[make_film("Nosferatu")])
        sell(nosferatu, "10", "10")
        agree(nosferatu, kind="minimum_guarantee", rate="35", amount="10", holder=survivance)

        jetee = make_screening(dt.date(2026, 11, 21), "16:00", films=[make_film("La Jetée")])
        sell(jetee, "6")
        agree(jetee, kind="waived", holder=jeune)

        shorts = [make_film(title, runtime=runtime) for title, runtime in (
            (short, 14), ("Window Water Baby Moving", 13), ("Tarantella", 5)
        )]  # fmt: skip
        programme = make_screening(dt.date(2026, 11, 22), "15:00", films=shorts)
        sell(programme, "5", "5", last_price)
        agree(programme, shorts[0], rate="40", holder=holder)
        agree(programme, shorts[1], kind="flat_fee", amount="3", holder=holder)
        agree(programme, shorts[2], kind="waived", holder=jeune)
        return survivance, holder, jeune

    return build
