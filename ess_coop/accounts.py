"""An account holder deletes their account and personal data themselves (/compte/supprimer/).

What goes: the account, its e-mail addresses, its editor rights, its moderation requests (their
payloads and justifications), its collectivity memberships, its answers to calls, the alerts sent to
its address, and the person's own address where a profile they edit used it as its contact address
(in the profile and in the profile's past versions). What stays: the directory data — the profiles
they edited, with what the curators published, and the history of those changes, whose rows lose
their author (the history keeps what changed, not who asked). Site-wide because it touches several
apps (contributions, actors, calls, alerts), which must not import one another upwards.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from actors.models import Actor
from alerts.models import Alert
from calls.models import CallAnswer


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte et mes données personnelles seront supprimés définitivement.")
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password


def erase_contact_address(user):
    """Profiles the person edits keep their content; the person's own address, used as the profile's
    contact address, is removed from the profile and from its past versions."""
    address = (user.email or "").strip()
    if not address:
        return 0
    edited = list(Actor.objects.filter(editorships__user=user))
    for actor in edited:
        if actor.email.lower() == address.lower():
            actor.email = ""
            actor._change_reason = "Suppression d’un compte\u00a0: adresse personnelle retirée"
            actor.save()
    return Actor.history.filter(id__in=[a.pk for a in edited], email__iexact=address).update(email="")


@transaction.atomic
def delete_account(user):
    erase_contact_address(user)
    CallAnswer.objects.filter(user=user).delete()
    if user.email:  # alerts are kept by address, with or without an account
        Alert.objects.filter(email__iexact=user.email).delete()
    # Cascades: e-mail addresses, editor rights, moderation requests, memberships, admin log entries.
    # Set to NULL: the author of history rows, the curator of decisions and verifications.
    user.delete()


@login_required
@require_http_methods(["GET", "POST"])
def delete_account_view(request):
    if request.user.is_superuser:
        # The last administrator could lock everyone out: another administrator removes the account.
        return render(request, "legal/delete_account.html", {"refused": True}, status=403)
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user)
        messages.success(request, _("Votre compte et vos données personnelles ont été supprimés."))
        return redirect("home")
    return render(request, "legal/delete_account.html", {"form": form})
