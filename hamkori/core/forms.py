from django.core.exceptions import ValidationError


def form_add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at its field when the form has one,
    otherwise at the top, so nothing the service said is lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_add_language_fields(
    form, name: str, label, *, text: bool = False, max_length: int | None = 300
) -> None:
    """Add `<name>_kk`, `<name>_ru`, `<name>_tg`, `<name>_en` to a form for content written in
    several languages, each labelled with its language's own name and marked up with `lang`."""
    from django import forms
    from django.utils.text import format_lazy

    from hamkori.core.i18n import CONTENT_LANGUAGES, LANGUAGE_NAMES

    for code in CONTENT_LANGUAGES:
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=format_lazy("{} ({})", label, LANGUAGE_NAMES[code]),
            required=False,
            max_length=None if text else max_length,
            widget=forms.Textarea(attrs={"rows": 3, "lang": code})
            if text
            else forms.TextInput(attrs={"lang": code}),
        )


def language_values(data: dict, name: str) -> dict[str, str]:
    """{"kk": ..., "ru": ..., "tg": ..., "en": ...} from a form's cleaned data."""
    from hamkori.core.i18n import CONTENT_LANGUAGES

    return {code: data.get(f"{name}_{code}", "") for code in CONTENT_LANGUAGES}
