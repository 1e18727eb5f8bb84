"""The API's assessment JSON is assembled from streams encoded once; it must stay byte for byte
what pydantic gives for the whole `Assessment` (the OpenAPI schema is generated from that)."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings

from impnav.engine.eligibility import assess
from impnav.models.assessment import _adapter, to_json_bytes, to_jsonable
from impnav.models.profile import Profile
from tests.engine.test_properties import DATES, partial_profiles


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_profiles(), DATES)
def test_assembled_json_is_pydantics_json(sample: tuple, on: date) -> None:
    result = assess(Profile.model_validate(sample[0]), on)
    encoded = to_json_bytes(result)
    assert encoded == _adapter().dump_json(result)
    assert encoded == to_json_bytes(result)  # the second time from stored stream parts
    assert json.loads(encoded) == to_jsonable(result)
