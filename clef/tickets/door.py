"""TO BE WRITTEN: placeholder views so that the addresses resolve."""

from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404


def check_in(request, *args, **kwargs):
    raise Http404


def screening_overview(request, *args, **kwargs):
    raise Http404
