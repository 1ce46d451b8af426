"""TO BE WRITTEN: placeholder views so that the addresses resolve."""

from django.http import Http404


def join(request, *args, **kwargs):
    raise Http404


def card(request, *args, **kwargs):
    raise Http404


def card_pdf(request, *args, **kwargs):
    raise Http404


def card_qr(request, *args, **kwargs):
    raise Http404
