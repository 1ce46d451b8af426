"""The models of `volunteers`, one module per part: qualifications, shifts."""

from clef.volunteers.models.qualifications import *  # noqa: F403
from clef.volunteers.models.shifts import *  # noqa: F403
