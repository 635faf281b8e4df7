"""Settings: one typed place per package, read from ATLAS_* variables the same way."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard import settings as dashboard_settings
from gazetteer import settings as reading_settings
from gazetteer.errors import AtlasError

CASES = [
    # (package, environment, field, expected)
    (reading_settings, {}, "max_article_mb", 10.0),
    (reading_settings, {"ATLAS_MAX_ARTICLE_MB": "2.5"}, "max_article_mb", 2.5),
    (reading_settings, {"ATLAS_BUILTIN_PLACES": " Off "}, "builtin_places", False),
    (reading_settings, {"ATLAS_MERGE_DAY_SLACK": "0"}, "merge_day_slack", 0),
    (reading_settings, {"ATLAS_PORT": "9000"}, "gazetteer", ""),  # not a reading setting
    (dashboard_settings, {"ATLAS_PORT": "9000"}, "port", 9000),
    (dashboard_settings, {"ATLAS_DB": "postgresql://h/db"}, "db", "postgresql://h/db"),
    (dashboard_settings, {"ATLAS_TILE_URL": "http://t/{z}/{x}/{y}.png"}, "tile_url",
     "http://t/{z}/{x}/{y}.png"),
    (dashboard_settings, {"ATLAS_MAX_UPLOAD_MB": "1"}, "max_upload_mb", 1.0),
]


@pytest.mark.parametrize(("package", "environ", "name", "expected"), CASES)
def test_settings_read_their_variables(package, environ, name, expected) -> None:
    assert getattr(package.load_settings(environ), name) == expected


BAD = [
    (reading_settings, {"ATLAS_MAX_ARTICLE_MB": "ten"},
     "ATLAS_MAX_ARTICLE_MB='ten': expected float"),
    (reading_settings, {"ATLAS_BUILTIN_PLACES": "maybe"}, "ATLAS_BUILTIN_PLACES='maybe': expected"),
    (dashboard_settings, {"ATLAS_PORT": "http"}, "ATLAS_PORT='http': expected int"),
]


@pytest.mark.parametrize(("package", "environ", "message"), BAD)
def test_a_bad_value_names_its_variable(package, environ, message) -> None:
    with pytest.raises(reading_settings.SettingsError) as caught:
        package.load_settings(environ)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, AtlasError)


def test_each_setting_lives_in_one_package() -> None:
    reading = {f.name for f in dataclasses.fields(reading_settings.Settings)}
    serving = {f.name for f in dataclasses.fields(dashboard_settings.Settings)}
    assert reading.isdisjoint(serving)
    assert {"port", "tile_url", "db", "map_mode"} <= serving
