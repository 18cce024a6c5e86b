"""The LoyaltyCard's numbers, as the company tunes them: thresholds, weights, cadences,
bands. Checked before saving (each wrong number named at its field)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rapport.store import ChangeSet, Store, ValidationError
from rapport.store.loyalty import effective_settings, validate_settings
from rapport.store.records import SETTINGS_ID, FieldError, Invalid, parse_number, thaw
from rapport.store.views import stored_settings

from ..widgets.form import FormField
from .record_form import RecordForm

if TYPE_CHECKING:
    from ..app import RapportApp

NUMBERS: list[tuple[str, str]] = [
    ("classification.ambassador.satisfaction_min", "Ambassador: S at least"),
    ("classification.ambassador.recommend_min", "Ambassador: recommend at least"),
    ("classification.ambassador.switch_max", "Ambassador: switch at most"),
    ("classification.defector.satisfaction_below", "Defector: S below"),
    ("classification.defector.recommend_max", "Defector: recommend at most"),
    ("classification.defector.switch_min", "Defector: or switch at least"),
    ("decision_maker_weight", "a decision maker counts"),
    ("strength.weights.survey", "strength: survey weight"),
    ("strength.weights.engagement", "strength: engagement weight"),
    ("strength.weights.reliability", "strength: reliability weight"),
    ("cadence_days.key", "cadence, key (days)"),
    ("cadence_days.growth", "cadence, growth (days)"),
    ("cadence_days.standard", "cadence, standard (days)"),
    ("strength.engagement_zero_at", "engagement 0 at (cadences)"),
    ("strength.reliability_window_days", "promises counted (days)"),
    ("strength.complaint_penalty", "points per open complaint"),
    ("strength.fast_news_multiplier", "x when bad news is fast"),
    ("bands.strong", "band strong from"),
    ("bands.steady", "band steady from"),
    ("bands.weak", "band weak from"),
    ("in_tune.points_per_gap", "in tune: points per point of gap"),
    ("in_tune.blind_spot_gap", "blind spot from a gap of"),
    ("closing_the_loop.recommend_max", "loop: recommend at most"),
    ("closing_the_loop.due_days", "loop: follow-up within (days)"),
    ("nps.promoter_min", "NPS promoters from"),
    ("nps.detractor_max", "NPS detractors up to"),
]
PROFILES = ("key", "growth", "standard", "b2c")
PARTS = ("survey", "engagement", "reliability")


def field_name(path: str) -> str:
    return path.replace(".", "__")


def _get(tree: Any, path: str) -> Any:
    for part in path.split("."):
        tree = tree.get(part) if isinstance(tree, dict) else None
    return tree


def _set(tree: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        tree = tree.setdefault(part, {})
    tree[last] = value


def _number(raw: Any) -> int | float:
    """A setting as typed: a plain number (``60``, ``4.5``, or ``4,5`` with a decimal comma).
    Not an amount: ``1.5k`` is no threshold, so it is refused rather than read as 1500."""
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return parse_number(raw)  # says it is required, as for any field
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise Invalid(f"{str(raw).strip()} is not a number (such as 60 or 4.5)") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise Invalid(f"{str(raw).strip()} is not a number (such as 60 or 4.5)")
    return int(number) if number.is_integer() else number


def _profile_text(profile: Any) -> str:
    return "/".join(f"{profile.get(p, 0):g}" for p in PARTS) if isinstance(profile, dict) else ""


def build(values: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """New settings from the form's values over ``base``; raises ValidationError by field."""
    errors: list[FieldError] = []
    out = thaw(base)
    for path, _label in NUMBERS:
        raw = values.get(field_name(path))
        try:
            _set(out, path, _number(raw))
        except Invalid as e:
            errors.append(FieldError(field_name(path), str(e)))
    profiles: dict[str, Any] = {}
    for tier in PROFILES:
        raw = str(values.get(field_name(f"strength.profiles.{tier}")) or "").strip()
        if not raw:
            continue
        pieces = raw.replace(",", "/").split("/")
        try:
            if len(pieces) != 3:
                raise Invalid(
                    f"{raw!r} is not three weights like 50/30/20 (survey/engagement/reliability)"
                )
            profiles[tier] = {part: _number(p) for part, p in zip(PARTS, pieces, strict=True)}
        except Invalid as e:
            errors.append(FieldError(field_name(f"strength.profiles.{tier}"), str(e)))
    _set(out, "strength.profiles", profiles)
    for problem in validate_settings(out) if not errors else ():
        path, _, reason = problem.partition(": ")
        name = field_name(path)
        known = {field_name(p) for p, _ in NUMBERS} | {
            field_name(f"strength.profiles.{t}") for t in PROFILES
        }
        errors.append(
            FieldError(
                name if name in known else "classification__ambassador__satisfaction_min",
                reason if name in known else problem,
            )
        )
    if errors:
        raise ValidationError(errors)
    return out


def settings_form(app: RapportApp) -> RecordForm:
    assert app.store is not None
    record = app.store.get("settings", SETTINGS_ID)
    current = effective_settings(stored_settings(app.store))
    specs = [FormField(field_name(p), label, "number", required=True) for p, label in NUMBERS]
    specs += [
        FormField(
            field_name(f"strength.profiles.{t}"),
            f"weights for {t}",
            "text",
            placeholder="survey/engagement/reliability, e.g. 50/30/20",
        )
        for t in PROFILES
    ]
    values = {field_name(p): _get(current, p) for p, _ in NUMBERS}
    values.update(
        {
            field_name(f"strength.profiles.{t}"): _profile_text(
                _get(current, f"strength.profiles.{t}")
            )
            for t in PROFILES
        }
    )
    base = dict(current)

    def save(store: Store, form_values: dict[str, Any], expect: int | None) -> ChangeSet:
        new = build(form_values, base)
        with store.transaction("change the LoyaltyCard settings") as tx:
            if store.get("settings", SETTINGS_ID) is None:
                tx.create("settings", {"values": new}, id=SETTINGS_ID)
            else:
                tx.update("settings", SETTINGS_ID, {"values": new}, expect=expect)
        assert tx.result is not None
        return tx.result

    return RecordForm(
        "LoyaltyCard settings (checked before saving)",
        specs,
        values,
        save,
        expect=record["version"] if record else None,
        classes="wide-labels",
    )
