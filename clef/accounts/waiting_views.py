"""The person's places on waiting lists, each one leavable (``/compte/attente/``)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clef.lib import roles
from clef.lib.forms import to_id
from clef.tickets import waitinglist


@require_http_methods(["GET", "POST"])
@roles.signed_in
def waiting(request):
    entries = waitinglist.entries_of(request.user)
    if request.method == "POST":
        wanted = to_id(request.POST.get("entry"))
        entry = next((e for e in entries if e.pk == wanted), None)
        if entry is None:
            raise Http404  # another person's place, or one already left
        waitinglist.leave(entry, by=request.user)
        messages.success(
            request,
            _("You left the waiting list of “%(title)s”.")
            % {"title": entry.screening.display_title},
        )
        return redirect("accounts:waiting")
    return render(request, "accounts/waiting.html", {"entries": entries})
