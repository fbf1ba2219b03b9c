"""Forms of the curators' pages: a pair of records, the merge choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Nature

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
