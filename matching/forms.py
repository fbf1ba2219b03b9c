"""The « trouver un partenaire » form: a GET form with the list pages' parameter names (domaine, pays,
zone, role, mode, type), so that any link — a call for partners, a bookmark — can prefill it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.filters import country_choices
from actors.models import CollectivityType
from actors.selectors import cached_domain_choices
from actors.zones import Zone
from core.filters import LenientMultipleChoiceField
from projects.models import ContractMode, Role

from . import scoring
from .selectors import need_domains

ANY = [("", _("Indifférent"))]


class OneOrMoreSelect(forms.Select):
    """A drop-down that keeps every value of a repeated parameter (pays=ML&pays=SN from a link)."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("multiple", None)  # a drop-down, not a list box
        return context


class OneChoiceField(forms.ChoiceField):
    """A drop-down whose unknown value counts as « indifférent » (never an error)."""

    def validate(self, value):
        pass

    def clean(self, value):
        value = value if isinstance(value, str) else ""
        return value if value in {str(k) for k, _label in self.choices} else ""


class NeedForm(forms.Form):
    domaine = LenientMultipleChoiceField(label=_("Domaine"), required=False, widget=OneOrMoreSelect)
    zone = LenientMultipleChoiceField(label=_("Zone"), required=False, widget=OneOrMoreSelect)
    pays = LenientMultipleChoiceField(label=_("ou pays"), required=False, widget=OneOrMoreSelect)
    role = OneChoiceField(label=_("Rôle à tenir"), required=False)
    mode = OneChoiceField(label=_("Contrat envisagé"), required=False)
    type = OneChoiceField(label=_("Votre collectivité"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {
            "domaine": grouped_domains(),
            "zone": Zone.choices,
            "pays": country_choices(),
            "role": [(Role.OPERATEUR, Role.OPERATEUR.label), (Role.AMO, Role.AMO.label), *other_roles()],
            "mode": ContractMode.choices,
            "type": CollectivityType.choices,
        }
        for name, values in choices.items():
            self.fields[name].choices = ANY + list(values)

    def need(self):
        """The Need the form describes (an empty Need when nothing valid was given)."""
        if not self.is_bound or not self.is_valid():
            return scoring.Need()
        data = {
            name: [v for v in value if v] if isinstance(value, list) else value
            for name, value in self.cleaned_data.items()
        }
        return scoring.Need(
            domains=need_domains(data["domaine"]),
            countries=tuple(data["pays"]),
            zones=tuple(data["zone"]),
            role=data["role"],
            mode=data["mode"],
            kind=data["type"],
        )


def grouped_domains():
    """The four domains as option groups: « tout le domaine » then its themes."""
    _flat, domains = cached_domain_choices()
    groups = []
    for root in (d for d in domains if d.parent_id is None):
        options = [(root.slug, _("%(domain)s (tout le domaine)") % {"domain": root.name})]
        options += [(d.slug, d.name) for d in domains if d.parent_id == root.pk]
        groups.append((root.name, options))
    return groups


def other_roles():
    return [(value, label) for value, label in Role.choices if value not in (Role.OPERATEUR, Role.AMO)]
