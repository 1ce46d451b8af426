"""TO BE WRITTEN: placeholder views so that the addresses resolve."""

from django.http import Http404


def test_provider(request, *args, **kwargs):
    raise Http404
