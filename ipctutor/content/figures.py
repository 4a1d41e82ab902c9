"""The learner's latest `ipctutor bench` figures: kept in bench.json beside the progress, so the
Manager lesson can quote the learner's own numbers."""

from __future__ import annotations

import json
from pathlib import Path

from ipctutor.content.jsonfile import data_dir, write_json
from ipctutor.engine.bench import FORMAT_VERSION


def figures_path() -> Path:
    return data_dir() / "bench.json"


def save_figures(report: dict) -> Path:
    """Keep this run as the learner's latest figures (replaced atomically, beside the progress)."""
    path = figures_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json(path, report, indent=1)
    return path


def latest_figures() -> dict | None:
    """The learner's latest `ipctutor bench` report, or None if there is none (or it is unreadable).

    `report["comparisons"]["manager_dict_write_vs_value_write"]` is how many times a locked Value
    write one Manager proxy operation took; `report["figures"]` has every figure with its unit.
    """
    try:
        if not figures_path().is_file():  # missing, or a folder or named pipe (which would block)
            return None
        report = json.loads(figures_path().read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError, MemoryError):  # unreadable, not JSON, too big
        return None
    if (
        not isinstance(report, dict)
        or report.get("format_version") != FORMAT_VERSION
        or not isinstance(report.get("figures"), list)
        or not usable_comparisons(report)
    ):
        return None
    return report


def usable_comparisons(report: dict) -> bool:
    """The ratios the Manager lesson quotes are positive finite numbers, and the date is text: a
    file of the right version and another shape is no figures, not a crash before the quiz."""
    import math

    ratios = report.get("comparisons")
    if not isinstance(ratios, dict) or not isinstance(report.get("measured_at", ""), str):
        return False
    for key in ("manager_dict_write_vs_value_write", "manager_queue_vs_queue_message"):
        value = ratios.get(key)
        if value is None:
            continue  # not measured: the lesson says there are no figures yet
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if isinstance(value, int) and value.bit_length() > 1000:
            return False
        if not (math.isfinite(value) and value > 0):
            return False
    return True
