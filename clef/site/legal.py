"""The legal notice, the privacy policy and the terms of sale: what a visitor must be able
to read before giving an address or paying.

Each is a ``Page`` staff edit in the back office (its slug below). Until one is written
there, the page shows the default written here for an associative cinema like La Clef,
filled with the venue's own name, address and contact, so that a new venue is never
without them. The texts are content, in French and in English like every ``Page``, not
interface strings.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clef.lib.localized import localized
from clef.site.models import Page

LEGAL_NOTICE = "mentions-legales"
PRIVACY = "confidentialite"
TERMS = "conditions-de-vente"


@dataclass
class DefaultPage:
    """A page not yet written in the back office: shown like a ``Page``."""

    slug: str
    title: str
    title_en: str
    body: str
    body_en: str

    def localized_title(self):
        return localized(self, "title")

    def localized_body(self):
        return localized(self, "body")


DEFAULTS = {
    LEGAL_NOTICE: (
        "Mentions légales",
        "Legal notice",
        """Ce site est publié par l’association qui fait vivre {name}, {address}. Contact : {contact}.

Directeur ou directrice de la publication : la personne qui préside l’association, au nom de son conseil collégial.

Le site est hébergé par l’association elle-même ou par l’hébergeur nommé dans ses statuts et sur cette page une fois complétée dans l’espace des bénévoles.

Le logiciel qui fait tourner ce site, clef, est un logiciel libre (licence AGPL). Les textes et affiches des films appartiennent à leurs ayants droit.""",
        """This site is published by the association that runs {name}, {address}. Contact: {contact}.

Publication director: the association's president, on behalf of its collegial board.

The site is hosted by the association itself, or by the host named in its statutes and on this page once completed in the volunteers' area.

The software running this site, clef, is free software (AGPL licence). The films' texts and posters belong to their rights holders.""",
    ),
    PRIVACY: (
        "Confidentialité",
        "Privacy",
        """{name} ne garde de vous que ce qu’il lui faut pour vous accueillir, et rien n’est vendu ni prêté à qui que ce soit.

Ce que nous gardons : votre nom et votre adresse e-mail (pour votre compte, vos billets et, si vous le demandez, la lettre du programme) ; votre adhésion et son montant ; vos réservations et billets ; les dons et leurs reçus fiscaux ; pour les bénévoles, leurs qualifications et créneaux.

Combien de temps : les billets, la caisse et les pièces comptables sont gardés six ans, comme la loi l’impose pour la comptabilité et la billetterie ; les reçus fiscaux aussi. Un compte sans adhésion ni billet depuis trois ans est supprimé. Les journaux techniques du serveur sont effacés après un an.

Vos droits : vous pouvez lire, corriger, exporter et effacer vos données vous-même depuis « Mon compte ». Effacer son compte anonymise ce que la loi oblige à garder (billets, ventes, reçus) et supprime le reste. Pour toute question, ou pour saisir la CNIL, écrivez à {contact}.

Pas de publicité, pas de traceur : le site ne pose que les cookies dont il a besoin pour fonctionner, listés ci-dessous, et ne charge rien d’un autre site. La langue se lit dans l’adresse des pages, sans cookie.""",
        """{name} keeps only what it needs to welcome you, and nothing is sold or lent to anyone.

What we keep: your name and email address (for your account, your tickets and, if you ask for it, the programme's letter); your membership and its amount; your bookings and tickets; gifts and their tax receipts; for volunteers, their qualifications and shifts.

For how long: tickets, the till and accounting records are kept six years, as the law requires for accounts and ticketing; tax receipts too. An account with no membership or ticket for three years is deleted. The server's technical logs are erased after a year.

Your rights: you can read, correct, export and erase your data yourself from "My account". Erasing your account anonymises what the law requires us to keep (tickets, sales, receipts) and deletes the rest. For any question, or to refer to the CNIL (the French data protection authority), write to {contact}.

No advertising, no tracker: the site sets only the cookies it needs to work, listed below, and loads nothing from another site. The language is read from the pages' address, with no cookie.""",
    ),
    TERMS: (
        "Conditions de vente",
        "Terms of sale",
        """Adhésion : voir un film à {name} demande d’être adhérent ou adhérente de l’association. L’adhésion se paie une fois par an, au montant que vous choisissez dans la fourchette affichée ; elle ne donne pas de reçu fiscal et n’est pas remboursée, sauf erreur de notre part.

Prix libre : chaque billet se paie au prix que vous choisissez, zéro compris, en ligne ou à la porte. Le prix payé est indiqué sur le billet et sur votre reçu.

Annulation : vous pouvez annuler un billet depuis « Mon compte » jusqu’à l’heure limite indiquée sur la séance ; ce que vous avez payé en ligne vous est remboursé sur le même moyen de paiement, et le montant est indiqué avant de confirmer. Si nous annulons une séance, chaque billet est remboursé et vous êtes prévenu par e-mail.

Billets à payer à la porte : la place est gardée jusqu’à l’heure indiquée sur la réservation ; passé ce délai, elle peut être rendue.

Dons : un don n’est pas une adhésion et ne donne aucune voix à l’assemblée ; il ouvre droit à un reçu fiscal de l’organisme qui le reçoit.

Contact et réclamations : {contact}.""",
        """Membership: seeing a film at {name} requires being a member of the association. Membership is paid once a year, at the amount you choose within the range shown; it gives no tax receipt and is not refunded, unless we made a mistake.

Pay what you want: each ticket is paid at the price you choose, zero included, online or at the door. The price paid is printed on the ticket and on your receipt.

Cancelling: you can cancel a ticket from "My account" until the cut-off shown on the screening; what you paid online is refunded to the same means of payment, and the amount is shown before you confirm. If we cancel a screening, every ticket is refunded and you are told by email.

Tickets to pay at the door: the seat is kept until the time shown on the booking; after that, it may be given back.

Gifts: a gift is not a membership and gives no vote at the general meeting; it entitles you to a tax receipt from the body that receives it.

Contact and complaints: {contact}.""",
    ),
}


def legal_page(slug, venue):
    """The page staff wrote under ``slug``, else the default filled with the venue's facts."""
    if (page := Page.objects.filter(slug=slug).first()) is not None:
        return page
    title, title_en, body, body_en = DEFAULTS[slug]
    facts = {
        "name": venue.name if venue else "",
        "address": ", ".join(venue.address_lines) if venue else "",
        "contact": (venue.email or venue.phone or venue.name) if venue else "",
    }
    return DefaultPage(slug, title, title_en, body.format(**facts), body_en.format(**facts))


# --- the cookies the privacy page lists -------------------------------------------------------
@dataclass
class Cookie:
    name: str
    purpose: str
    lifetime: str


def cookies():
    """Every cookie the site sets, with what it is for and how long it lasts, read from
    the settings that set them (the privacy page lists them under its text, whoever
    wrote it, so the list cannot fall behind; a test follows a signed-in booking and
    finds each cookie it received named here). The language is in the address, not in
    a cookie."""
    session = (
        _("until the browser is closed")
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else duration(settings.SESSION_COOKIE_AGE)
    )
    return [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            _("Keeps you signed in, and a booking or a sign-up on its way."),
            session,
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            _(
                "Proves that a form sent comes from this site's own page, so that another "
                "site cannot act in your name."
            ),
            duration(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            CookieStorage.cookie_name,
            _("Carries a short message to the next page (“Your seats are booked”)."),
            _("until that page is shown"),
        ),
    ]


def duration(seconds):
    """A cookie's lifetime in the largest whole unit: "2 weeks", "52 weeks", "12 hours"."""
    seconds = int(seconds or 0)
    day = 86400
    if seconds and seconds % (7 * day) == 0:
        count = seconds // (7 * day)
        return ngettext("%(count)s week", "%(count)s weeks", count) % {"count": count}
    if seconds and seconds % day == 0:
        count = seconds // day
        return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}
    if seconds and seconds % 3600 == 0:
        count = seconds // 3600
        return ngettext("%(count)s hour", "%(count)s hours", count) % {"count": count}
    count = max(1, round(seconds / 60))
    return ngettext("%(count)s minute", "%(count)s minutes", count) % {"count": count}
