"""Forms of calls: tie an account to a collectivity, post a call, answer one."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.countries import countries_by_name
from actors.models import Actor, Collectivity, Country, Domain
from contributions.forms import ContactForm, CountryChoiceField
from core.widgets import SearchableCheckboxSelectMultiple

from .models import Call

MAX_DEADLINE = datetime.timedelta(days=366)


def domain_choices():
    domains = list(Domain.objects.select_related("parent").order_by("position", "name"))
    choices = []
    for root in (d for d in domains if d.parent_id is None):
        choices.append((root.pk, root.name))
        choices += [(d.pk, f"— {d.name}") for d in domains if d.parent_id == root.pk]
    return choices


class MembershipForm(forms.Form):
    collectivity = forms.ModelChoiceField(
        label=_("Votre collectivité"),
        queryset=Collectivity.objects.none(),
        help_text=_("Si elle n’est pas dans la liste, écrivez à l’équipe de l’annuaire."),
    )
    job_title = forms.CharField(
        label=_("Votre fonction"),
        max_length=150,
        help_text=_("Par exemple : chargée de mission coopération internationale."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivity"].queryset = Collectivity.objects.published().french().order_by("sort_name")


class CallForm(forms.ModelForm):
    countries = CountryChoiceField(
        label=_("Pays"),
        queryset=Country.objects.none(),
        required=False,
        widget=SearchableCheckboxSelectMultiple(filter_label=_("Chercher un pays")),
        help_text=_("Cochez un ou plusieurs pays, ou choisissez plutôt une zone ci-dessous."),
    )

    class Meta:
        model = Call
        fields = ["collectivity", "title", "domain", "countries", "zone", "role", "mode", "deadline", "description"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "title": _("Ce que vous cherchez, en une ligne : « Opérateur pour l’accès à l’eau à Kayes »."),
            "zone": _("Si le pays n’est pas encore arrêté."),
            "role": _("Le rôle que tiendra le partenaire dans le projet."),
        }

    def __init__(self, *args, collectivities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivity"].queryset = collectivities
        self.fields["collectivity"].empty_label = None
        self.fields["domain"].choices = domain_choices()
        self.fields["countries"].queryset = Country.objects.all()
        self.fields["countries"].choices = countries_by_name(Country)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        today = timezone.localdate()
        if deadline < today:
            raise ValidationError(_("La date limite est déjà passée."))
        if deadline > today + MAX_DEADLINE:
            raise ValidationError(_("Choisissez une date limite dans l’année qui vient."))
        return deadline

    def clean(self):
        data = super().clean()
        if not data.get("countries") and not data.get("zone"):
            self.add_error("countries", _("Indiquez au moins un pays, ou une zone."))
        return data


class AnswerForm(ContactForm):
    """The contact relay's form, without a subject (the call is the subject), and — for an actor's
    editor — the organisation answering."""

    subject = None
    actor = forms.ModelChoiceField(label=_("Au nom de"), queryset=Actor.objects.none(), required=False)
    field_order = ["actor", "name", "organisation", "email", "message"]

    def __init__(self, *args, actors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].label = _("Votre réponse")
        self.fields["message"].help_text = _(
            "Présentez votre organisation, ce qu’elle a déjà fait de proche, et comment la joindre."
        )
        if actors is not None and actors.exists():
            self.fields["actor"].queryset = actors
            self.fields["actor"].empty_label = _("— à titre personnel —")
        else:
            del self.fields["actor"]
