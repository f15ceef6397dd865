"""Django's own messages that its Kazakh and Tajik catalogues lack or get wrong.

Django falls back to the default language (Russian) for a message its kk or tg catalogue
lacks, so a Kazakh reader would meet Russian errors on a Kazakh page. Marking the messages here
puts them in our catalogues, which take precedence over Django's. Nothing calls
`_for_the_catalogues`: it exists so that makemessages extracts the strings."""

from django.utils.translation import gettext, ngettext, pgettext


def _for_the_catalogues() -> None:  # pragma: no cover — read by makemessages, never run
    gettext("Enter a valid email address.")
    gettext("This field is required.")
    gettext("This password is too common.")
    gettext("This password is entirely numeric.")
    gettext("The password is too similar to the %(verbose_name)s.")
    gettext("The two password fields didn’t match.")
    gettext("Email")
    gettext("Constraint “%(name)s” is violated.")
    gettext("The file you uploaded was either not an image or a corrupted image.")
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        12,
    )
    # Weekdays and months as dates use them (Kazakh writes months in lower case in a date).
    gettext("Monday")
    gettext("Tuesday")
    gettext("Wednesday")
    gettext("Thursday")
    gettext("Friday")
    gettext("Saturday")
    gettext("Sunday")
    pgettext("alt. month", "January")
    pgettext("alt. month", "February")
    pgettext("alt. month", "March")
    pgettext("alt. month", "April")
    pgettext("alt. month", "May")
    pgettext("alt. month", "June")
    pgettext("alt. month", "July")
    pgettext("alt. month", "August")
    pgettext("alt. month", "September")
    pgettext("alt. month", "October")
    pgettext("alt. month", "November")
    pgettext("alt. month", "December")
