from django.core.exceptions import ValidationError


def form_add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at its field when the form has one,
    otherwise at the top, so nothing the service said is lost."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
