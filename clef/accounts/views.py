"""TO BE WRITTEN: placeholder views so that the addresses resolve."""

from django.http import Http404


def home(request, *args, **kwargs):
    raise Http404


def signup(request, *args, **kwargs):
    raise Http404


def confirm(request, *args, **kwargs):
    raise Http404


def login(request, *args, **kwargs):
    raise Http404


def login_link(request, *args, **kwargs):
    raise Http404


def login_by_link(request, *args, **kwargs):
    raise Http404


def logout(request, *args, **kwargs):
    raise Http404


def export(request, *args, **kwargs):
    raise Http404


def delete(request, *args, **kwargs):
    raise Http404
