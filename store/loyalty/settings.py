"""The LoyaltyCard's tunable numbers: merge a data file's stored settings over the defaults,
and say exactly which stored setting is wrong ("bands.strong: 120 is above 100").

Pure: no I/O. The shape of the settings is :data:`rapport.store.defaults.DEFAULT_SETTINGS`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypeGuard

from ..records.defaults import DEFAULT_SETTINGS

Settings = Mapping[str, Any]

PROFILE_KEYS = ("key", "growth", "standard", "b2c")
"""``strength.profiles`` may hold a weight profile for each tier and one for B2C accounts."""

_OPEN_TABLES = ("strength.profiles", "strength.factor_weights")
"""Tables whose keys are not fixed by the defaults (profiles by tier, weights by factor)."""


class Effective(dict[str, Any]):
    """Settings already merged over the defaults: passing them on costs nothing."""


def effective_settings(stored: Settings | None = None) -> dict[str, Any]:
    """The settings in force: ``stored`` deep-merged over ``DEFAULT_SETTINGS``.

    A table (dict) is merged key by key, at every depth, so ``{"bands": {"strong": 75}}``
    changes only that one threshold; any other value replaces the default. Merging an
    already effective settings dict again changes nothing (and is free: the result is
    marked :class:`Effective` and returned as it is). Neither input is modified.
    """
    if isinstance(stored, Effective):
        return stored
    return Effective(_merge(DEFAULT_SETTINGS, stored or {}))


def _plain(value: Any) -> Any:
    """A mutable deep copy: any Mapping (the store's records are read-only mappings) becomes
    a dict, and any list or tuple a list."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _merge(base: Settings, over: Settings) -> dict[str, Any]:
    out: dict[str, Any] = _plain(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = _plain(value)
    return out


# path -> (low, low is exclusive, high, whole numbers only); None means unbounded.
_Rule = tuple[float | None, bool, float | None, bool]
_WEIGHT: _Rule = (0, False, None, False)
_RULES: dict[str, _Rule] = {
    "classification.ambassador.satisfaction_min": (1, False, 5, False),
    "classification.ambassador.recommend_min": (0, False, 10, False),
    "classification.ambassador.switch_max": (1, False, 5, False),
    "classification.defector.satisfaction_below": (1, False, 5, False),
    "classification.defector.recommend_max": (0, False, 10, False),
    "classification.defector.switch_min": (1, False, 5, False),
    "decision_maker_weight": (0, True, None, False),
    "in_tune.points_per_gap": (0, False, None, False),
    "in_tune.blind_spot_gap": (0, True, 4, False),
    "strength.weights.survey": _WEIGHT,
    "strength.weights.engagement": _WEIGHT,
    "strength.weights.reliability": _WEIGHT,
    "strength.engagement_zero_at": (1, True, None, False),
    "strength.reliability_window_days": (1, False, None, True),
    "strength.complaint_penalty": (0, False, 100, False),
    "strength.fast_news_multiplier": (0, False, None, False),
    "cadence_days.key": (0, True, None, False),
    "cadence_days.growth": (0, True, None, False),
    "cadence_days.standard": (0, True, None, False),
    "bands.strong": (0, False, 100, False),
    "bands.steady": (0, False, 100, False),
    "bands.weak": (0, False, 100, False),
    "closing_the_loop.recommend_max": (0, False, 10, True),
    "closing_the_loop.due_days": (0, False, None, True),
    "nps.promoter_min": (0, False, 10, False),
    "nps.detractor_max": (0, False, 10, False),
}


def validate_settings(values: Any) -> list[str]:
    """Every problem with stored settings ``values``, one sentence each, naming the setting.

    ``values`` may be partial (it is merged over the defaults). Refused: unknown keys (by
    name), a table where a number belongs or the reverse, numbers out of range, and
    thresholds in the wrong order (bands strong > steady > weak; NPS promoter_min >
    detractor_max; Ambassador's satisfaction_min >= Defector's satisfaction_below; at
    least one strength weight above 0, in the base weights and in each profile).
    An empty list means the settings are sound.
    """
    if not isinstance(values, Mapping):
        return [f"settings: expected a table of settings, got {values!r}"]
    errors: list[str] = []
    _walk(DEFAULT_SETTINGS, values, "", errors)
    merged = effective_settings(values)
    _relations(merged, errors)
    return errors


def _walk(shape: Settings, values: Settings, path: str, errors: list[str]) -> None:
    for key, value in values.items():
        here = f"{path}.{key}" if path else str(key)
        if path == "strength.profiles":
            if key not in PROFILE_KEYS:
                errors.append(f"{here}: unknown profile (use key, growth, standard or b2c)")
            elif not isinstance(value, Mapping):
                errors.append(f"{here}: expected a table of weights, got {value!r}")
            else:
                _walk(DEFAULT_SETTINGS["strength"]["weights"], value, here, errors)
            continue
        if path == "strength.factor_weights":
            _leaf(here, value, _WEIGHT, errors)
            continue
        if key not in shape:
            errors.append(f"{here}: unknown setting")
        elif isinstance(shape[key], Mapping):
            if not isinstance(value, Mapping):
                errors.append(f"{here}: expected a table of settings, got {value!r}")
            else:
                _walk(shape[key], value, here, errors)
        else:
            # Every fixed leaf has a rule; a profile's parts are weights like the base ones.
            _leaf(here, value, _RULES.get(here, _WEIGHT), errors)


def _is_number(value: Any) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _leaf(path: str, value: Any, rule: _Rule, errors: list[str]) -> None:
    low, exclusive, high, whole = rule
    if not _is_number(value):
        errors.append(f"{path}: {value!r} is not a number")
    elif whole and value != int(value):
        errors.append(f"{path}: {_fmt(value)} is not a whole number")
    elif low is not None and exclusive and value <= low:
        errors.append(f"{path}: {_fmt(value)} must be above {_fmt(low)}")
    elif low is not None and value < low:
        errors.append(f"{path}: {_fmt(value)} is below {_fmt(low)}")
    elif high is not None and value > high:
        errors.append(f"{path}: {_fmt(value)} is above {_fmt(high)}")


def _relations(s: Settings, errors: list[str]) -> None:
    def num(table: Any, key: str) -> float | None:
        value = table.get(key) if isinstance(table, Mapping) else None
        return float(value) if _is_number(value) else None

    bands = s.get("bands")
    strong, steady, weak = (num(bands, k) for k in ("strong", "steady", "weak"))
    if strong is not None and steady is not None and strong <= steady:
        errors.append("bands: strong must be above steady")
    if steady is not None and weak is not None and steady <= weak:
        errors.append("bands: steady must be above weak")
    nps = s.get("nps")
    promoter, detractor = num(nps, "promoter_min"), num(nps, "detractor_max")
    if promoter is not None and detractor is not None and promoter <= detractor:
        errors.append("nps: promoter_min must be above detractor_max")
    cls = s.get("classification")
    amb = cls.get("ambassador") if isinstance(cls, Mapping) else None
    dfc = cls.get("defector") if isinstance(cls, Mapping) else None
    s_min, s_below = num(amb, "satisfaction_min"), num(dfc, "satisfaction_below")
    if s_min is not None and s_below is not None and s_min < s_below:
        errors.append(
            "classification: ambassador satisfaction_min must be at least "
            "defector satisfaction_below"
        )
    strength = s.get("strength")
    if not isinstance(strength, Mapping):
        return
    weights = strength.get("weights")
    _weights_sum(weights, "strength.weights", errors)
    profiles = strength.get("profiles")
    if isinstance(profiles, Mapping) and isinstance(weights, Mapping):
        for name, profile in profiles.items():
            if name in PROFILE_KEYS and isinstance(profile, Mapping):
                _weights_sum(_merge(weights, profile), f"strength.profiles.{name}", errors)


def _weights_sum(weights: Any, path: str, errors: list[str]) -> None:
    if not isinstance(weights, Mapping):
        return
    values = [v for v in weights.values() if _is_number(v)]
    if values and all(v >= 0 for v in values) and sum(values) <= 0:
        errors.append(f"{path}: at least one part must weigh more than 0")
