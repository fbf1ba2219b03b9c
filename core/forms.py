"""Form fields shared by the apps' forms."""

from django import forms
from django.core.exceptions import ValidationError


def is_storable_key(model_field, value) -> bool:
    """Whether `value` converts to `model_field`'s type and passes its validators, which include the
    database's integer range: a key beyond it overflows on SQLite (OverflowError, a server error)."""
    try:
        model_field.run_validators(model_field.to_python(value))
    except ValidationError:
        return False
    return True


class KeyCheckedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses a posted key the database could not store, as an invalid
    choice, before its `__in` query (Django only catches ValueError and TypeError there)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        opts = self.queryset.model._meta
        model_field = opts.pk if key == "pk" else opts.get_field(key)
        for pk in value:
            if not is_storable_key(model_field, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
