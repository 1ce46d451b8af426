import datetime as dt

import pytest
import time_machine

# Saturday 21 November 2026, noon in Paris: the cinema week runs from Wednesday 18 to
# Tuesday 24 November.
NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def html(response):
    return response.content.decode()
