"""TO BE WRITTEN: placeholder views so that the addresses resolve."""

from django.http import Http404


def book(request, *args, **kwargs):
    raise Http404


def seats(request, *args, **kwargs):
    raise Http404


def join_waiting_list(request, *args, **kwargs):
    raise Http404


def register(request, *args, **kwargs):
    raise Http404


def booking(request, *args, **kwargs):
    raise Http404


def booking_pdf(request, *args, **kwargs):
    raise Http404


def ticket_qr(request, *args, **kwargs):
    raise Http404


def cancel_ticket(request, *args, **kwargs):
    raise Http404


def registration(request, *args, **kwargs):
    raise Http404
