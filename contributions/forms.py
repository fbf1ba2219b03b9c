"""Forms of the actors' space, the sign-up form, and the contact form — with a honeypot field."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from actors.countries import countries_by_name
from actors.logos import LogoField, LogoPreview
from actors.models import PROFILE_FIELDS, Actor, Collectivity, Country, Domain
from actors.validators import validate_rna, validate_siren
from core.forms import KeyCheckedMultipleChoiceField
from core.widgets import SearchableCheckboxSelectMultiple
from projects.models import MAX_YEAR, MIN_YEAR, ContractMode, Role

from .models import CuratorNotice

HONEYPOT_NAME = "site_internet"


class HoneypotMixin(forms.Form):
    """A field people do not see (and screen readers skip) but bots fill in."""

    site_internet = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-input"}),
    )

    def clean_site_internet(self):
        if self.cleaned_data.get(HONEYPOT_NAME):
            raise ValidationError(_("Envoi refusé."), code="honeypot")
        return ""


class SignupForm(HoneypotMixin, forms.Form):
    """Added to allauth's sign-up form (ACCOUNT_FORMS['signup'] subclasses it)."""

    def signup(self, request, user):
        pass


class DomainChoiceField(KeyCheckedMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"— {obj.name}" if obj.parent_id else obj.name


class CountryChoiceField(KeyCheckedMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj.code.name)


class ProfileForm(forms.ModelForm):
    """An organisation's profile as its editors fill it in."""

    domains = DomainChoiceField(
        label=_("Domaines"),
        queryset=Domain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Cochez les domaines et les thèmes où votre organisation agit : les collectivités cherchent leurs "
            "partenaires par domaine, et les appels à partenaires de ces domaines vous sont envoyés."
        ),
    )
    countries = CountryChoiceField(
        label=_("Pays d’intervention"),
        queryset=Country.objects.none(),
        required=False,
        widget=SearchableCheckboxSelectMultiple(filter_label=_("Chercher un pays")),
        help_text=_(
            "Cochez les pays où vous avez des projets ou des partenaires, même anciens : les collectivités vous "
            "trouvent par pays, et les appels à partenaires qui les concernent vous sont envoyés."
        ),
    )
    logo_file = LogoField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "Il s’affiche en haut de votre fiche publique. Un fichier JPEG, PNG ou WebP de 1 Mo au plus, "
            "entre 32 et 2 000 pixels de côté ; pour le changer, choisissez-en un autre."
        ),
    )

    class Meta:
        model = Actor
        fields = PROFILE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        labels = {
            "legal_status": _("Statut exact"),
            "staff_band": _("Nombre de salariés"),
            "volunteer_band": _("Nombre de bénévoles"),
            "country": _("Pays du siège"),
        }
        # Written for the organisation filling in its own profile: what to put, why, who sees it.
        help_texts = {
            "name": _("Le nom complet de votre organisation, tel qu’il figure dans ses statuts."),
            "acronym": _("Le sigle sous lequel on vous connaît, s’il y en a un : « CFSI », « AVSF »…"),
            "legal_form": _("La famille de votre organisation : les collectivités filtrent l’annuaire par famille."),
            "legal_status": _("Si vous le connaissez ; sinon, laissez vide."),
            "description": _(
                "Ce que fait votre organisation, où et avec qui, en quelques phrases. C’est le premier texte que "
                "lisent les collectivités qui cherchent un partenaire : parlez de vos projets à l’international."
            ),
            "website": _(
                "L’adresse de votre site, par exemple www.mon-association.org ; un lien s’affiche sur la fiche."
            ),
            "phone": _(
                "Affiché sur la fiche publique. Laissez vide si vous préférez être joint par le formulaire de contact."
            ),
            "street": _(
                "L’adresse de votre siège. Elle est publique : la ville et le code postal s’affichent sur la fiche."
            ),
            "postcode": _("Affiché sur la fiche, avec la ville."),
            "city": _("La ville de votre siège, affichée sur la fiche."),
            "departement": _("Pour un siège en France, le numéro du département : par exemple 93."),
            "country": _("Le pays où se trouve votre siège."),
            "siren": _(
                "Les 9 chiffres de votre numéro SIREN, si vous en avez un. Il est affiché sur la fiche et permet à "
                "l’équipe de l’annuaire de vérifier les informations."
            ),
            "siret": _("Les 14 chiffres du SIRET de votre siège, si vous en avez un."),
            "rna": _(
                "Pour une association déclarée : W suivi de 9 chiffres, sur le récépissé de la préfecture. "
                "Il est affiché sur la fiche."
            ),
            "staff_band": _("Un ordre de grandeur suffit : il montre aux collectivités la taille de votre équipe."),
            "volunteer_band": _("Un ordre de grandeur suffit ; laissez vide si vous ne savez pas."),
        }

    def __init__(self, *args, pending_logo="", **kwargs):
        super().__init__(*args, **kwargs)
        self.logo_previews(pending_logo)
        domains = list(Domain.objects.select_related("parent").order_by("position", "name"))
        ordered = []
        for root in (d for d in domains if d.parent_id is None):
            ordered.append(root)
            ordered += [d for d in domains if d.parent_id == root.pk]
        self.fields["domains"].queryset = Domain.objects.all()
        self.fields["domains"].choices = [(d.pk, f"— {d.name}" if d.parent_id else d.name) for d in ordered]
        self.fields["countries"].queryset = Country.objects.all()
        self.fields["countries"].choices = countries_by_name(Country)
        if self.instance.pk:
            self.initial.setdefault("domains", list(self.instance.domains.values_list("pk", flat=True)))
            self.initial.setdefault("countries", list(self.instance.countries.values_list("pk", flat=True)))
        self.fields["email"].help_text = _(
            "Jamais affichée sur le site : les messages des visiteurs et les appels à partenaires vous sont "
            "envoyés à cette adresse."
        )

    def logo_previews(self, pending_logo):
        """The profile's logo, and the one waiting for the team, shown as images above the file input."""
        name = self.instance.name or _("votre organisation")
        previews = []
        if self.instance.logo:
            alt = _("Logo actuel de « %(name)s »") % {"name": name}
            previews.append(LogoPreview(self.instance.logo.url, alt, _("Logo actuel")))
        if pending_logo:
            alt = _("Logo proposé pour « %(name)s »") % {"name": name}
            caption = _("Logo proposé, en attente de validation par l’équipe")
            previews.append(LogoPreview(default_storage.url(pending_logo), alt, caption))
        self.fields["logo_file"].widget.previews = previews

    def full_clean(self):
        """A logo chosen in a form refused for another field is kept for the next display."""
        super().full_clean()
        logo = self.cleaned_data.get("logo_file") if self.is_bound and self._errors else None
        if logo:
            name = self.cleaned_data.get("name") or self.instance.name or _("votre organisation")
            self.fields["logo_file"].widget.keep(logo, _("Logo choisi pour « %(name)s »") % {"name": name})

    def m2m(self):
        return {"domains": self.cleaned_data["domains"], "countries": self.cleaned_data["countries"]}


class ClaimForm(HoneypotMixin, forms.Form):
    role = forms.CharField(
        label=_("Votre fonction dans l’organisation"),
        max_length=120,
        help_text=_("Par exemple : présidente, coordinateur, salariée chargée des partenariats."),
    )
    siren = forms.CharField(
        label=_("SIREN de l’organisation"),
        max_length=9,
        required=False,
        validators=[validate_siren],
        help_text=_(
            "Si l’organisation en a un : ses 9 chiffres. L’équipe le compare au registre national, ce qui "
            "accélère la vérification."
        ),
    )
    rna = forms.CharField(
        label=_("Numéro RNA"),
        max_length=10,
        required=False,
        validators=[validate_rna],
        help_text=_("Pour une association déclarée : W suivi de 9 chiffres, sur le récépissé de la préfecture."),
    )
    justification = forms.CharField(
        label=_("Ce qui permet de vérifier votre lien avec l’organisation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text=_(
            "Aidez l’équipe à vérifier que vous agissez pour l’organisation : une adresse électronique à son nom, "
            "un mandat du bureau, une page de son site qui vous cite… Seule l’équipe de l’annuaire lit ce texte."
        ),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("siren") or data.get("rna")) and len(data.get("justification", "")) < 20:
            raise ValidationError(
                _("Indiquez un SIREN ou un numéro RNA, ou expliquez en quelques lignes votre lien avec l’organisation.")
            )
        return data


class ReferenceForm(forms.Form):
    title = forms.CharField(label=_("Intitulé du projet"), max_length=255)
    collectivity = forms.ModelChoiceField(
        label=_("Collectivité partenaire"),
        queryset=Collectivity.objects.none(),
        help_text=_("Si elle n’est pas dans la liste, écrivez-nous via la page de contact de l’annuaire."),
    )
    role = forms.ChoiceField(label=_("Rôle de votre organisation"), choices=Role.choices)
    mode = forms.ChoiceField(
        label=_("Mode de contractualisation"),
        required=False,
        choices=[("", _("Aucun ou inconnu")), *ContractMode.choices],
        help_text=_(
            "Subvention : vous portez le projet, financé par la collectivité. Prestation : la collectivité "
            "porte le projet et vous achète un service (marché, commande, assistance à maîtrise d’ouvrage)."
        ),
    )
    country = forms.ModelChoiceField(label=_("Pays"), queryset=Country.objects.none(), required=False)
    places = forms.CharField(label=_("Lieux"), max_length=255, required=False)
    start_year = forms.IntegerField(label=_("Début"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
    end_year = forms.IntegerField(label=_("Fin"), min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
    summary = forms.CharField(
        label=_("Ce que vous avez fait"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivity"].queryset = Collectivity.objects.published()
        self.fields["country"].queryset = Country.objects.all()
        self.fields["country"].choices = [("", "—"), *countries_by_name(Country)]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("L’année de fin précède l’année de début."))
        return data


class ContactForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Votre nom"), max_length=120)
    organisation = forms.CharField(label=_("Votre organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("Votre adresse électronique"), help_text=_("Pour qu’on puisse vous répondre."))
    subject = forms.CharField(label=_("Objet"), max_length=150)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)

    def clean_subject(self):
        # An e-mail header holds one line: line breaks (a header injection, or a paste) become spaces.
        return " ".join(self.cleaned_data["subject"].split())


class DecisionForm(forms.Form):
    # The version of the submission the curator read (Submission.version): checked when deciding.
    version = forms.CharField(widget=forms.HiddenInput, max_length=64)
    decision = forms.ChoiceField(
        label=_("Décision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Accepter")), ("reject", _("Refuser"))],
    )
    reason = forms.CharField(
        label=_("Motif (envoyé à l’auteur)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour un refus."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", _("Expliquez le refus : le motif est envoyé à l’auteur."))
        return data


class CuratorPreferenceForm(forms.Form):
    notice = forms.ChoiceField(
        label=_("Être prévenu des nouvelles demandes"),
        choices=CuratorNotice.choices,
        widget=forms.RadioSelect,
        help_text=_("Le résumé quotidien part chaque matin s’il y a des demandes en attente."),
    )
