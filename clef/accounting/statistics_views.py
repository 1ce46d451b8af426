"""Placeholder while this part is written."""

from django.http import Http404


def statistics(request, *args, **kwargs):
    raise Http404


def chart_csv(request, *args, **kwargs):
    raise Http404
