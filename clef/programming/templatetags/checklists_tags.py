"""How a public screening page names its programmer, as they chose on the checklist:
their first name, or the programming commission. Loaded by the programme's screening
template (`{% load checklists_tags %}`): the programme does not import programming, and
its page stays as it was for a screening without a checklist."""

from django import template
from django.utils.translation import gettext as _

from clef.programming.models import Checklist

register = template.Library()


@register.simple_tag
def programmed_by(screening):
    """The name to show, or "" (no checklist, no programmer)."""
    if screening.programmer_id is None:
        return ""
    found = (
        Checklist.objects.filter(screening_id=screening.pk)
        .values_list("credit", "screening__programmer__first_name")
        .first()
    )
    if found is None:
        return ""
    credit, first_name = found
    if credit == Checklist.Credit.FIRST_NAME and first_name.strip():
        return first_name.strip()
    return _("the programming commission")
