"""The history file of `qvct check --history`: other dossiers of the call, and actions funded before.

```json
{"submissions": [{"reference": "GE-2024-0001", "finess": "670000272", "campaign": "clact-grand-est-2024",
                  "submitted_at": "2024-05-02T10:00:00+02:00"}],
 "prior_actions": [{"reference": "CLACT-2021-0042/1", "finess": "670000272", "campaign": "clact-grand-est-2021",
                    "title": "…", "granted_on": "2021-10-15", "implemented": false, "explained": false}]}
```
"""

import datetime as dt
from pathlib import Path

from qvct.jsonfile import JsonFileError, read_json_file

from .dossier import PARIS
from .engine import History, OtherSubmission, PriorAction


class HistoryFormatError(ValueError):
    pass


def _datetime(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PARIS)


def history_from_data(data: dict) -> History:
    try:
        submissions = tuple(
            OtherSubmission(
                reference=str(item["reference"]),
                finess=str(item["finess"]),
                campaign=str(item["campaign"]),
                submitted_at=_datetime(item.get("submitted_at")),
            )
            for item in data.get("submissions", [])
        )
        prior = tuple(
            PriorAction(
                reference=str(item["reference"]),
                finess=str(item["finess"]),
                campaign=str(item["campaign"]),
                title=str(item.get("title", "")),
                granted_on=dt.date.fromisoformat(item["granted_on"]),
                implemented=bool(item["implemented"]),
                explained=bool(item.get("explained", False)),
            )
            for item in data.get("prior_actions", [])
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise HistoryFormatError(f"historique illisible ({error.__class__.__name__} : {error})") from None
    return History(submissions=submissions, prior_actions=prior)


def load_history(path: Path) -> History:
    try:
        data, _ = read_json_file(path)
    except JsonFileError as error:
        raise HistoryFormatError(str(error)) from None
    if not isinstance(data, dict):
        raise HistoryFormatError("un objet JSON est attendu")
    return history_from_data(data)
