from django.db.models import Count, Q
from django.shortcuts import render

from hamkori.registry.models import Organisation, Sector
from hamkori.rules.models import Jurisdiction


def home(request):
    counts = Organisation.objects.aggregate(
        csos=Count("id", filter=Q(sector=Sector.CSO)),
        bodies=Count("id", filter=~Q(sector=Sector.CSO)),
    )
    return render(
        request,
        "portal/home.html",
        {"counts": counts, "jurisdictions": Jurisdiction.objects.order_by("code")},
    )


def healthz(request):
    from django.http import JsonResponse

    Jurisdiction.objects.exists()
    return JsonResponse({"status": "ok"})
