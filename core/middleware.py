class NoStoreMiddleware:
    """Pages for a logged-in user may hold client data: never let a browser or proxy keep them.

    Also every answer of the partner API (a key, not a session: Django REST framework leaves
    request.user empty there) and every answer to a request that carried a session cookie or
    credentials, whatever the view made of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        response = self.get_response(request)
        user = getattr(request, "user", None)
        if ((user is not None and user.is_authenticated) or request.path.startswith("/api/")
                or settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BODY_BYTES before anything reads it.

    Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams any file upload to a
    temporary file whatever its size; the document services refuse more than 10 MB only after
    that. This stops an oversized upload at the door (P-2.2.5)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.http import HttpResponse

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            response = HttpResponse("Het bestand of formulier is te groot (meer dan 10 MB).", status=413,
                                    content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"
            return response
        return self.get_response(request)
