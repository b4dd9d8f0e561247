"""The time zone at a point on Earth, from timezonefinder's offline polygon data.

It reads data files, so it lives outside the pure core: bot/application.py hands it to
the handlers as ``Services.zone_at``.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@cache
def _zone_finder() -> Any:
    from timezonefinder import TimezoneFinder  # imported late: it loads its data on import

    # In memory (about 30 MB, read in ~0.1 s): the coordinate files are read and closed at
    # once, instead of staying mapped until the finder is collected at exit (which
    # Python reports as unclosed files).
    return TimezoneFinder(in_memory=True)


def zone_for_location(latitude: float, longitude: float) -> str | None:
    """The IANA zone at a point on Earth, None when it can't tell."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    zone: str | None = _zone_finder().timezone_at(lng=longitude, lat=latitude)
    if zone is None:
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return zone
