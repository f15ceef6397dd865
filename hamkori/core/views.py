from django.contrib.auth.decorators import login_required

from hamkori.core.audit import audit_verify
from hamkori.core.htmx import render_page
from hamkori.core.selectors import audit_event_list_for, audit_page


@login_required
def audit_list(request):
    events = audit_event_list_for(
        user=request.user,
        object_type=request.GET.get("object_type", "").strip(),
        object_id=request.GET.get("object_id", "").strip(),
        action=request.GET.get("action", "").strip(),
    )
    context = {"page_obj": audit_page(events, request.GET.get("page")), "filters": request.GET}
    if request.GET.get("verify"):
        context["problems"] = list(audit_verify())
        context["verified"] = True
    return render_page(request, "core/audit_list.html", context)
