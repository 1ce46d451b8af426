"""The models of `programming`, one module per part: proposals, meetings, checklists."""

from clef.programming.models.checklists import *  # noqa: F403
from clef.programming.models.meetings import *  # noqa: F403
from clef.programming.models.proposals import *  # noqa: F403
