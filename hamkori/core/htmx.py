from django.shortcuts import render


def render_page(request, template: str, context: dict, *, partial: str | None = None, **kwargs):
    """Render the whole page, or only `partial` when htmx asks for a fragment of the same view."""
    if partial and getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, partial, context, **kwargs)
    return render(request, template, context, **kwargs)
