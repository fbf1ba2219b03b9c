"""Admin autocomplete widgets that survive a posted value which is not an id.

Django's AutocompleteSelect(Multiple) re-displays an invalid form by filtering the database with the
raw posted values: `actor=abc` on a numeric key raises ValueError, a server error, instead of the
form's « Sélectionnez un choix valide ». These widgets drop such values before the query; `install`
makes every ModelAdmin and inline with `autocomplete_fields` use them."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple

from .forms import is_storable_key


class SafeOptgroupsMixin:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self.is_valid_key(v)], attr)

    def is_valid_key(self, value):
        remote = self.field.remote_field
        to_field = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        return is_storable_key(to_field, value)


class SafeAutocompleteSelect(SafeOptgroupsMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeOptgroupsMixin, AutocompleteSelectMultiple):
    pass


def install():
    """Every ModelAdmin and inline builds its autocomplete widgets from these module names
    (ModelAdmin.formfield_for_foreignkey / _for_manytomany): point them at the safe widgets, so that
    every admin, present and future, is covered (called once, from CoreConfig.ready)."""
    from django.contrib.admin import options

    options.AutocompleteSelect = SafeAutocompleteSelect
    options.AutocompleteSelectMultiple = SafeAutocompleteSelectMultiple
