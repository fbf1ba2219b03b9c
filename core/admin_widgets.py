"""Admin autocomplete widgets that survive a posted value which is not an id.

Django's AutocompleteSelect(Multiple) re-displays an invalid form by filtering the database with the
raw posted values: `actor=abc` on a numeric key raises ValueError, a server error, instead of the
form's « Sélectionnez un choix valide ». These widgets drop such values before the query; every
ModelAdmin and inline with `autocomplete_fields` uses them through SafeAutocompleteMixin."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class SafeOptgroupsMixin:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self.is_valid_key(v)], attr)

    def is_valid_key(self, value):
        remote = self.field.remote_field
        to_field = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        try:
            # The field's validators include the database's integer range (an id beyond it overflows).
            to_field.run_validators(to_field.to_python(value))
        except ValidationError:
            return False
        return True


class SafeAutocompleteSelect(SafeOptgroupsMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeOptgroupsMixin, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For ModelAdmin and InlineModelAdmin: the autocomplete fields get the safe widgets."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
