from django import forms
from django.utils.translation import gettext_lazy as _

from contributions.forms import HoneypotMixin

from .models import Frequency


class FollowForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"), help_text=_("Un lien de confirmation vous y sera envoyé.")
    )
    frequency = forms.ChoiceField(
        label=_("Fréquence"), choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )


class ManageLinkForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(label=_("Votre adresse électronique"))


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Fréquence"), choices=Frequency.choices)
