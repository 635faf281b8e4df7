"""One-line English summaries built from an incident's or an event's fields."""

from __future__ import annotations

from datetime import date

_WEAPON_WORDS: dict[str, str] = {
    "rocket": "rocket",
    "mortar": "mortar",
    "drone": "drone",
    "airstrike": "air",
    "artillery": "artillery",
    "explosion": "explosive",
    "small_arms": "small-arms",
    "unknown": "",
}


def _when(start: date | None, end: date | None, precision: str, time: str | None) -> str:
    if start is None:
        return "date unknown"
    if end is None or end == start:
        text = f"{start.day} {start:%b %Y}"
    elif (start.year, start.month) == (end.year, end.month):
        text = f"{start.day}\u2013{end.day} {start:%b %Y}"
    else:
        text = f"{start.day} {start:%b} \u2013 {end.day} {end:%b %Y}"
    if precision == "night":
        text = "night of " + text
    elif precision in ("week", "month", "days", "unknown") and end != start:
        text = "between " + text
    if time:
        text += f" at {time}"
    return text


def _figure(low: int | None, high: int | None = None) -> str:
    if low is None:
        return ""
    if high is not None and high != low:
        return f"{low}\u2013{high}"
    return str(low)


def summarise(
    *,
    site_name: str,
    weapon: tuple[str, ...],
    count: int | None,
    killed: int | None,
    injured: int | None,
    casualties: str,
    actor: str | None,
    target: str | None,
    date_start: date | None,
    date_end: date | None,
    date_precision: str,
    time: str | None,
    killed_max: int | None = None,
    injured_max: int | None = None,
    count_max: int | None = None,
) -> str:
    """Build a one-line English summary.

    Parameters
    ----------
    site_name : str
        Where.
    weapon : tuple of str
        Weapon categories.
    count, killed, injured : int or None
        Conservative figures; the ``*_max`` arguments give the top of a range.
    casualties : str
        reported, none or unknown (none with ``injured`` None: no one killed, the injured
        not stated).
    actor, target : str or None
        Who attacked and who was attacked.
    date_start, date_end : date or None
        The date span.
    date_precision : str
        day, night, days, week, month or unknown.
    time : str or None
        HH:MM.
    killed_max, injured_max, count_max : int or None
        Highest figures, when reports disagree.

    Returns
    -------
    str
        For example "Rocket attack (2) on al-Omar oil field by Iran-backed groups,
        13 Jul 2021 at 12:15; no casualties reported".
    """
    kinds = [w for w in weapon if w != "unknown"]
    if kinds == ["airstrike"]:
        head = "Airstrike"
    elif kinds:
        words = [_WEAPON_WORDS.get(k, k) for k in kinds if k != "airstrike"]
        head = " and ".join(words).capitalize() + " attack"
        if "airstrike" in kinds:
            head += " and airstrike"
    else:
        head = "Attack"
    number = _figure(count, count_max)
    if number:
        head += f" ({number})"
    head += (" at " if kinds == ["airstrike"] else " on ") + site_name
    if actor:
        head += f" by {actor}"
    if target and target != actor:
        head += f" against {target}"
    parts = [head, _when(date_start, date_end, date_precision, time)]
    if casualties == "none":
        tail = "no deaths reported" if killed == 0 and injured is None else "no casualties reported"
    elif casualties == "reported":
        bits = []
        k = _figure(killed, killed_max)
        i = _figure(injured, injured_max)
        if k:
            bits.append(f"{k} killed")
        if i:
            bits.append(f"{i} injured")
        tail = ", ".join(bits) if bits else "casualties reported, figures not given"
    else:
        tail = "casualties unknown"
    return ", ".join(parts) + "; " + tail
