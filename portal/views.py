from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import site_health


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    status, body = site_health()
    return JsonResponse(body, status=status)
