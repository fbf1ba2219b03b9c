"""Form widgets shared by the apps' forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes in a scrolling box, with a text field that narrows them as one types (accents
    ignored; static/js/choices-filter.js). Without JavaScript, the whole list stays usable."""

    template_name = "core/widgets/searchable_checkboxes.html"

    def __init__(self, attrs=None, choices=(), filter_label=None):
        super().__init__(attrs, choices)
        self.filter_label = filter_label or _("Filtrer la liste")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filter_label"] = self.filter_label
        return context
