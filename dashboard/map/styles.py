"""The one style table: how each weapon category is drawn, everywhere.

The map's markers and legend, the timeline's colours, the briefing key and the PNG export all
read :data:`WEAPON_STYLE`; no other module holds a colour or glyph of a weapon.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WEAPON_STYLE", "WeaponStyle"]


@dataclass(frozen=True)
class WeaponStyle:
    """How one weapon category is drawn.

    Attributes
    ----------
    label : str
        Legend text.
    icon : str
        Font Awesome 6 (free, solid) glyph name, without ``fa-``.
    color : str
        Marker fill, ``#rrggbb``.
    """

    label: str
    icon: str
    color: str


#: Glyph and colour per weapon category, in the order of ``gazetteer.records.WEAPONS``.
#: Colours after Okabe and Ito's colour-blind-safe palette.
WEAPON_STYLE: dict[str, WeaponStyle] = {
    "rocket": WeaponStyle("Rocket", "rocket", "#d55e00"),
    "mortar": WeaponStyle("Mortar", "bomb", "#e69f00"),
    "drone": WeaponStyle("Drone", "plane-up", "#0072b2"),
    "airstrike": WeaponStyle("Airstrike", "jet-fighter", "#cc79a7"),
    "artillery": WeaponStyle("Artillery", "crosshairs", "#8c510a"),
    "explosion": WeaponStyle("Explosion", "burst", "#b2182b"),
    "small_arms": WeaponStyle("Small arms", "gun", "#009e73"),
    "unknown": WeaponStyle("Unknown", "question", "#6b6b6b"),
}
