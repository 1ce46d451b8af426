"""The models of `fundraising`, one module per part: campaigns, gifts."""

from clef.fundraising.models.campaigns import *  # noqa: F403
from clef.fundraising.models.gifts import *  # noqa: F403
