import pytest

from contributions.forms import HONEYPOT_NAME, ClaimForm, ProfileForm

pytestmark = pytest.mark.django_db

# Words of the curators' trade that mean nothing to an organisation filling in its profile.
CURATORS_WORDS = ["source", "étude", "import", "curat", "modérat", "annexe"]


def help_texts(form):
    return {name: str(field.help_text) for name, field in form.fields.items() if name != HONEYPOT_NAME}


@pytest.mark.parametrize("form_class", [ProfileForm, ClaimForm])
def test_every_field_of_the_actor_forms_is_explained_in_the_actor_words(form_class):
    texts = help_texts(form_class())
    assert [name for name, text in texts.items() if not text] == []
    assert [name for name, text in texts.items() if any(word in text.lower() for word in CURATORS_WORDS)] == []


def test_profile_form_says_what_the_head_office_country_is():
    form = ProfileForm()
    assert [str(form.fields["country"].label), str(form.fields["country"].help_text)] == [
        "Pays du siège",
        "Le pays où se trouve votre siège.",
    ]
