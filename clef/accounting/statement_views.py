"""Placeholder while this part is written."""

from django.http import Http404


def statement(request, *args, **kwargs):
    raise Http404


def statement_pdf(request, *args, **kwargs):
    raise Http404


def statement_csv(request, *args, **kwargs):
    raise Http404


def send(request, *args, **kwargs):
    raise Http404


def version_pdf(request, *args, **kwargs):
    raise Http404


def version_csv(request, *args, **kwargs):
    raise Http404
