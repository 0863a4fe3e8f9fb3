"""Which URLs take a POST, found from the URL conf (like tests/test_permission_matrix.py).

A view refuses POST when a `require_http_methods` layer (require_GET, require_safe, ...)
without POST wraps it, or, for a class-based view, when it has no `post` handler. Every
other URL takes a POST and needs a fuzz target in tests/fuzz/targets.py.
"""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}


def _allowed_methods(view):
    """The method list of the outermost require_http_methods layer, or None if there is none."""
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        for cell in getattr(view, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list | tuple) and value and set(value) <= HTTP_METHODS:
                return set(value)
        view = getattr(view, "__wrapped__", None)
    return None


def accepts_post(callback) -> bool:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        return "post" in getattr(view_class, "http_method_names", ()) and hasattr(view_class, "post")
    methods = _allowed_methods(callback)
    return methods is None or "POST" in methods


def post_routes(patterns=None, prefix=""):
    """Every route (as written in the URL conf) whose view takes a POST."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from post_routes(p.url_patterns, route)
        elif isinstance(p, URLPattern) and accepts_post(p.callback):
            yield route


def admin_routes():
    """The admin's add and change forms per registered model (beheer/ in the permission matrix)."""
    return sorted(f"beheer/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry)
