"""Placeholder while this part is written."""

from django.http import Http404


def week(request, *args, **kwargs):
    raise Http404


def week_csv(request, *args, **kwargs):
    raise Http404


def week_pdf(request, *args, **kwargs):
    raise Http404


def week_json(request, *args, **kwargs):
    raise Http404


def month(request, *args, **kwargs):
    raise Http404
