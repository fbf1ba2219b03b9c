"""Forms of the curators' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

NATURES = [("acteur", _("Acteur de l’ESS")), ("collectivite", _("Collectivité"))]


class PairForm(forms.Form):
    """Two records of one nature, as posted by the duplicates page (ids checked before any query)."""

    nature = forms.ChoiceField(choices=NATURES)
    garder = forms.IntegerField(min_value=1, max_value=2**62)
    fusionner = forms.IntegerField(min_value=1, max_value=2**62)
