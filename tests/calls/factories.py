"""Calls for tests: the shipped definitions, loaded as they are or with changed values."""

import copy
import datetime as dt
import functools
from pathlib import Path

import yaml
from django.utils import timezone

from calls.definition import DEFINITIONS_DIR
from calls.models import Call
from calls.services import calls_load

# libyaml when PyYAML has it: hundreds of tests write and read a call's definition.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.cache
def _shipped(code: str) -> dict:
    return yaml.load((DEFINITIONS_DIR / f"{code}.yaml").read_text(encoding="utf-8"), Loader=_LOADER)


def shipped_definition_data(code: str) -> dict:
    """The shipped definition as data, a copy the caller may change."""
    return copy.deepcopy(_shipped(code))


def write_definition(directory: Path, data: dict, name: str | None = None) -> Path:
    path = directory / (name or f"{data['code']}.yaml")
    path.write_text(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load_shipped_calls() -> dict[str, Call]:
    calls_load()
    return {call.code: call for call in Call.objects.all()}


def open_call(
    directory: Path, code: str = "clact-grand-est-2024", new_code: str | None = None, days: int = 30
) -> Call:
    """A copy of a shipped call whose deadline is `days` from now, so that it is open."""
    directory.mkdir(parents=True, exist_ok=True)
    data = shipped_definition_data(code)
    if new_code:
        data["code"] = new_code
    data["calendar"]["deadline"] = (
        (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0).isoformat()
    )
    data["calendar"]["opens_at"] = None
    calls_load(paths=[write_definition(directory, data)])
    return Call.objects.get(code=data["code"])
