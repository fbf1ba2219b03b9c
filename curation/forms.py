"""Forms of the curators' pages: a pair of records, the merge choices."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from actors.models import Domain

from .models import Nature
from .quality import LABELS, MISSING

MAX_ID = 2**62


class PairForm(forms.Form):
    """Two records of one nature, as the duplicates page sends them (ids checked before any query)."""

    nature = forms.ChoiceField(choices=Nature.choices)
    a = forms.IntegerField(min_value=1, max_value=MAX_ID)
    b = forms.IntegerField(min_value=1, max_value=MAX_ID)

    def clean(self):
        data = super().clean()
        if data.get("a") and data.get("a") == data.get("b"):
            raise forms.ValidationError(_("Choisissez deux fiches différentes."))
        return data


class MergeForm(forms.Form):
    """Which record stays, and for every field where they differ, whose value it keeps."""

    keep = forms.ChoiceField(label=_("Fiche gardée"), choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            if row["differs"]:
                self.fields[f"champ_{row['name']}"] = forms.ChoiceField(
                    label=row["label"], choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
                )

    def choices(self):
        """{field name: "kept" | "removed"} from the posted choices, relative to the record kept."""
        keep = self.cleaned_data["keep"]
        return {
            name.removeprefix("champ_"): "kept" if value == keep else "removed"
            for name, value in self.cleaned_data.items()
            if name.startswith("champ_")
        }


class QualityFilterForm(forms.Form):
    """The quality page's filters (GET); an unknown value is ignored, never an error."""

    manque = forms.MultipleChoiceField(
        label=_("Il manque"),
        required=False,
        choices=[(key, LABELS[check]) for key, (check, _condition) in MISSING.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Rien de coché : au moins un de ces champs."),
    )
    domaine = forms.ModelChoiceField(
        label=_("Domaine"),
        required=False,
        queryset=Domain.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Tous"),
    )
    pays = forms.ChoiceField(label=_("Pays (siège ou intervention)"), required=False)
    ancien = forms.BooleanField(label=_("Non mises à jour depuis deux ans ou plus"), required=False)
    tri = forms.ChoiceField(
        label=_("Ordre"),
        required=False,
        choices=[("anciennes", _("Mise à jour la plus ancienne d’abord")), ("nom", _("Nom"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pays"].choices = [("", _("Tous")), *countries]

    def filters(self):
        """The keyword arguments of quality.actors_to_complete, from the valid fields only."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "missing": data.get("manque") or (),
            "domain": data.get("domaine"),
            "country": data.get("pays") or "",
            "stale": bool(data.get("ancien")),
            "order": data.get("tri") or "anciennes",
        }


class InvitationForm(forms.Form):
    actor = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
