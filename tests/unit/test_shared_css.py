"""`textual_compat.share_parsed_css`: stylesheets share parsed rules, never across different CSS
variables (a theme's colours), and what they apply is what they would have parsed themselves."""

from __future__ import annotations

import pytest
from textual.css.stylesheet import Stylesheet

from tui_tutor.textual_compat import share_parsed_css

CSS = "Label { color: $accent; padding: 1 2; } #plot { height: 7; }"


@pytest.fixture
def shared(monkeypatch):
    """Sharing on for this test only (the class attribute comes back afterwards)."""
    monkeypatch.setattr(Stylesheet, "_parse_rules", Stylesheet._parse_rules)
    share_parsed_css()
    share_parsed_css()  # a second call changes nothing


def parsed(variables: dict[str, str]) -> Stylesheet:
    sheet = Stylesheet(variables=variables)
    sheet.add_source(CSS, read_from=("test.tcss", ""))
    sheet.parse()
    return sheet


def test_the_same_css_and_variables_are_parsed_once(shared):
    first, second = parsed({"accent": "#ff0000"}), parsed({"accent": "#ff0000"})
    assert len(first.rules) == 2
    assert all(a is b for a, b in zip(first.rules, second.rules, strict=True))


def test_other_variables_give_their_own_rules(shared):
    red, blue = parsed({"accent": "#ff0000"}), parsed({"accent": "#0000ff"})
    assert red.rules[0] is not blue.rules[0]
    assert red.rules[0].styles.color.hex == "#FF0000"
    assert blue.rules[0].styles.color.hex == "#0000FF"


def test_shared_rules_equal_what_a_stylesheet_parses_alone(monkeypatch):
    monkeypatch.setattr(Stylesheet, "_parse_rules", Stylesheet._parse_rules)
    alone = parsed({"accent": "#00ff00"}).css
    share_parsed_css()
    assert parsed({"accent": "#00ff00"}).css == alone
    assert "padding: 1 2" in alone and "height: 7" in alone
