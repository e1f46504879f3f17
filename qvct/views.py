"""Public pages that belong to no domain app: home, accessibility statement, legal notice."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from calls.selectors import calls_for_home


@login_not_required
def home(request):
    return render(request, "qvct/home.html", {"calls": calls_for_home()})


@login_not_required
def accessibility(request):
    return render(request, "qvct/accessibility.html")


@login_not_required
def legal(request):
    return render(request, "qvct/legal.html")
