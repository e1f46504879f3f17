"""The account page of personal API tokens: each user creates, sees and revokes their own."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import TokenForm
from .models import ApiToken
from .services import TokenRefused, token_create, token_revoke


@never_cache
def tokens(request):
    """Lists the user's tokens; a valid POST creates one and shows its secret on this answer only."""
    secret = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, secret = token_create(
                    user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
                )
            except TokenRefused as error:
                form.add_error(None, str(error))
            else:
                form = TokenForm()
    else:
        form = TokenForm()
    now = timezone.now()
    rows = [(token, token.state(now)) for token in ApiToken.objects.filter(user=request.user)]
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "rows": rows,
            "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
        },
    )


@require_POST
def token_revoke_view(request, pk: int):
    try:
        token = token_revoke(user=request.user, pk=pk)
    except TokenRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne donne plus accès à l'API.")
    return redirect("api:tokens")
