from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import render

from hamkori.councils.models import Council
from hamkori.dialogue.models import Consultation
from hamkori.dialogue.workflow import ConsultationState
from hamkori.problems.models import Problem
from hamkori.registry.models import Organisation, Sector
from hamkori.rules.models import Jurisdiction


def home(request):
    counts = Organisation.objects.aggregate(
        csos=Count("id", filter=Q(sector=Sector.CSO)),
        bodies=Count("id", filter=~Q(sector=Sector.CSO)),
    )
    counts["problems"] = Problem.objects.filter(hidden_at__isnull=True).count()
    counts["councils"] = Council.objects.count()
    counts["consultations_open"] = Consultation.objects.filter(state=ConsultationState.OPEN).count()
    return render(
        request,
        "portal/home.html",
        {"counts": counts, "jurisdictions": Jurisdiction.objects.order_by("code")},
    )


def healthz(request):
    Jurisdiction.objects.exists()
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    """An expired or missing CSRF token, explained in the reader's language."""
    return render(request, "403_csrf.html", status=403)
