"""Import-export widgets that read what people write (labels or codes, « oui »/« non », lists
separated by « ; ») and refuse, with a message, what they cannot read."""

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from import_export.widgets import ManyToManyWidget, Widget

from core.text import plain

SEPARATOR = ";"


def split_list(value):
    return [part.strip() for part in str(value or "").replace(",", SEPARATOR).split(SEPARATOR) if part.strip()]


class ChoiceWidget(Widget):
    """A choice by its code (association) or its label (Association), accents and case ignored."""

    def __init__(self, choices, blank=True, blank_value="", **kwargs):
        super().__init__(**kwargs)
        self.raw_choices = list(choices)
        self.blank, self.blank_value = blank, blank_value
        self._lookup = None

    @property
    def choices(self):
        return [(str(code), str(label)) for code, label in self.raw_choices]

    def lookup(self):
        """{normalised code or label: code}, built on first use (labels are lazy translations). The
        short form of a long label counts too: « Opérateur » for « Opérateur / maître d’œuvre »,
        « Partenaire » for « Partenaire (rôle non précisé) » — unless a code or a label says otherwise."""
        if self._lookup is None:
            self._lookup = {}
            for code, label in self.choices:
                self._lookup.setdefault(plain(code), code)
                self._lookup.setdefault(plain(label), code)
            for code, label in self.choices:
                short = label.split(" / ")[0].split(" (")[0]
                self._lookup.setdefault(plain(short), code)
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            if self.blank:
                return self.blank_value
            raise ValueError(_("valeur obligatoire"))
        code = self.lookup().get(plain(text))
        if code is not None:
            return code
        raise ValueError(
            _("valeur inconnue « %(value)s » (possibles : %(codes)s)")
            % {"value": text[:60], "codes": ", ".join(code for code, _label in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(value or "")


class YesNoWidget(Widget):
    TRUE = {"oui", "o", "vrai", "true", "1", "x", "yes"}
    FALSE = {"non", "n", "faux", "false", "0", "no"}

    def __init__(self, nullable=False, **kwargs):
        super().__init__(**kwargs)
        self.nullable = nullable

    def clean(self, value, row=None, **kwargs):
        text = plain(str(value or ""))
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        if not text:
            return None if self.nullable else False
        raise ValueError(_("« %(value)s » : écrivez oui ou non") % {"value": str(value)[:40]})

    def render(self, value, obj=None, **kwargs):
        return {True: "oui", False: "non"}.get(value, "")


_COUNTRY_LOOKUP = {}
# The names people write that are not ISO's (compared without accents, case or punctuation).
COUNTRY_ALIASES = {
    "etats unis": "US",
    "usa": "US",
    "rdc": "CD",
    "rd congo": "CD",
    "congo kinshasa": "CD",
    "congo rdc": "CD",
    "congo brazzaville": "CG",
    "vietnam": "VN",
    "coree": "KR",
    "angleterre": "GB",
    "birmanie": "MM",
    "cap vert": "CV",
    "guinee conakry": "GN",
    "swaziland": "SZ",
}


def country_lookup():
    """{« ML », « MLI » and normalised names (French and English, usual French aliases): code}, built once."""
    if not _COUNTRY_LOOKUP:
        _COUNTRY_LOOKUP.update(COUNTRY_ALIASES)
        for language in ("en", "fr"):
            with translation.override(language):
                _COUNTRY_LOOKUP.update({plain(str(name)): code for code, name in countries})
        _COUNTRY_LOOKUP.update({countries.alpha3(code): code for code, _name in countries if countries.alpha3(code)})
        _COUNTRY_LOOKUP.update({code: code for code, _name in countries})
    return _COUNTRY_LOOKUP


def country_code(text):
    """An ISO code from « ML », « ml », « MLI », « Mali » or « côte d'ivoire »; ValueError otherwise."""
    text = text.strip()
    code = country_lookup().get(text.upper()) or country_lookup().get(plain(text))
    if code:
        return code
    raise ValueError(_("pays inconnu « %(value)s » (code ISO à deux lettres, par exemple ML)") % {"value": text[:40]})


class CountryCodeWidget(Widget):
    def __init__(self, blank=True, **kwargs):
        super().__init__(**kwargs)
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            if self.blank:
                return ""
            raise ValueError(_("valeur obligatoire"))
        return country_code(text)

    def render(self, value, obj=None, **kwargs):
        return str(value or "")


class NameIndex:
    """Records by their key (slug, code) or, with `name`, by their name written any way (« Eau
    potable », « eau potable »); a name two records share is ambiguous and refused."""

    def __init__(self, model, field="slug", name=None):
        self.model, self.field, self.name = model, field, name
        self.reset()

    def reset(self):
        """Forget the table read by the previous import (called when an import begins)."""
        self._objects = None
        self._names = None

    def objects(self):
        if self._objects is None:
            records = list(self.model.objects.all())
            self._objects = {str(getattr(obj, self.field)): obj for obj in records}
            self._names = {}
            for obj in records if self.name else ():
                key = plain(getattr(obj, self.name))
                self._names[key] = None if key in self._names else str(getattr(obj, self.field))
        return self._objects

    def key_of(self, text):
        """The record's key for `text` (its key, or its name when unambiguous); `text` itself when unknown."""
        if text in self.objects() or not self.name:
            return text
        key = self._names.get(plain(text), text)
        if key is None:
            raise ValueError(_("nom porté par plusieurs fiches « %(value)s » : donnez l’identifiant") % {"value": text})
        return key


class SlugListWidget(ManyToManyWidget):
    """Many-to-many by slugs (or codes): « eau-potable ; assainissement-hygiene »; with `name`, by
    names too (« Eau potable ; Santé »). Unknown ones are refused."""

    def __init__(self, model, field="slug", normalise=None, name=None, **kwargs):
        super().__init__(model, separator=SEPARATOR, field=field, **kwargs)
        self.normalise = normalise or (lambda v: v)
        self.index = NameIndex(model, field, name)

    def reset(self):
        self.index.reset()

    def objects(self):
        return self.index.objects()

    def clean(self, value, row=None, **kwargs):
        wanted = []
        for text in split_list(value):
            try:
                key = self.normalise(text)
            except ValueError:
                key = text
            wanted.append(self.index.key_of(key))
        found = {key: obj for key, obj in self.objects().items() if key in set(wanted)}
        unknown = [v for v in wanted if v not in found]
        if unknown:
            raise ValueError(_("inconnu(s) : %(values)s") % {"values": ", ".join(unknown[:10])})
        return [found[v] for v in dict.fromkeys(wanted)]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f" {SEPARATOR} ".join(sorted(str(getattr(o, self.field)) for o in value.all()))


class YearWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        try:
            year = int(float(text))
        except ValueError:
            raise ValueError(_("année illisible « %(value)s »") % {"value": text[:20]}) from None
        if not 1900 <= year <= 2100:
            raise ValueError(_("année hors limites (1900-2100) : %(value)s") % {"value": year})
        return year

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class SlugForeignKeyWidget(Widget):
    """A foreign key by slug (with `name`, by name too); an unknown one is refused with a message."""

    def __init__(self, model, field="slug", name=None, **kwargs):
        super().__init__(**kwargs)
        self.model, self.field = model, field
        self.index = NameIndex(model, field, name) if name else None

    def reset(self):
        if self.index is not None:
            self.index.reset()

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        if self.index is not None:
            text = self.index.key_of(text)
        obj = self.model.objects.filter(**{self.field: text}).first()
        if obj is None:
            raise ValueError(_("inconnu : %(value)s") % {"value": text[:80]})
        return obj

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, self.field))
