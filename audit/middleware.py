from . import services


class AccessLogMiddleware:
    """Collects the access events of one request and writes them in one insert at the end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tokens = services.begin_request(origin=request.META.get("REMOTE_ADDR") or None,
                                        actor=getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            services.end_request(tokens)
