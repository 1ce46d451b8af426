"""Placeholder while this part is written."""

from django.http import Http404


def index(request, *args, **kwargs):
    raise Http404


def screening(request, *args, **kwargs):
    raise Http404


def agreements(request, *args, **kwargs):
    raise Http404
