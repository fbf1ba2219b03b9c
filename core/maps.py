"""World maps: the rows a map draws (and its table shows) from counts per ISO country code.

The drawing is client-side (`static/js/maps.js`, vendored Natural Earth shapes); this module only
says which countries, how dark (five levels) and where a click leads. Domain apps give the counts."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries

LEVELS = 5
HOME_COUNTRY = "FR"  # lists map where entries work abroad: France would darken every map


def level(count, top):
    """1 (few) … LEVELS (most) for a positive count, 0 for none."""
    if not count:
        return 0
    if top <= 1:
        return LEVELS
    return 1 + int((LEVELS - 1) * (count - 1) / max(top - 1, 1))


def map_rows(counts, url=None, *, skip_home=True):
    """[{code, numeric, name, count, level, url}] of the countries with a count, most first."""
    counts = {str(code): n for code, n in counts.items() if n and code and not (skip_home and code == HOME_COUNTRY)}
    top = max(counts.values(), default=0)
    rows = []
    for code, count in counts.items():
        numeric = countries.numeric(code)
        rows.append(
            {
                "code": code,
                "numeric": f"{numeric:03d}" if numeric else "",
                "name": str(countries.name(code)) or code,
                "count": count,
                "level": level(count, top),
                "url": url(code) if url else "",
            }
        )
    return sorted(rows, key=lambda r: (-r["count"], r["name"]))


def world_map(map_id, counts, *, caption, url=None, small=False, skip_home=True, unit=None):
    """What the `includes/world_map.html` partial needs."""
    return {
        "id": map_id,
        "rows": map_rows(counts, url, skip_home=skip_home),
        "caption": caption,
        "small": small,
        "unit": unit or _("fiches"),
    }
