"""``clef serve --bind`` on another address makes the emails' links follow it, and lets a
phone on the same network in; what the environment sets is kept."""

from clef.site.management.commands.serve import served_environment


def test_another_port_moves_the_links():
    assert served_environment("127.0.0.1:8001", {}) == {"SITE_URL": "http://127.0.0.1:8001"}


def test_all_interfaces_name_this_machines_address_and_allow_it():
    changes = served_environment("0.0.0.0:8000", {})
    host = changes["SITE_URL"].removeprefix("http://").removesuffix(":8000")
    assert host and host != "0.0.0.0"
    if host != "127.0.0.1":  # a machine with a network
        assert changes["ALLOWED_HOSTS"].split(",")[-1] == host


def test_a_network_address_is_allowed_and_ipv6_bracketed():
    assert served_environment("192.168.1.20:8000", {}) == {
        "SITE_URL": "http://192.168.1.20:8000",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1],192.168.1.20",
    }
    assert served_environment("[fd00::5]:8000", {})["SITE_URL"] == "http://[fd00::5]:8000"


def test_what_the_environment_sets_is_kept():
    environ = {"SITE_URL": "https://cinema.example", "ALLOWED_HOSTS": "cinema.example"}
    assert served_environment("0.0.0.0:8000", environ) == {}
