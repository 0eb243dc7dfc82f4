"""Error pages in Russian, inside the site's layout, with a way back.

400 and 500 are rendered without the request's context processors: the menu reads the
database, which may be what failed, and a 400 is a request Django did not trust. Their pages
keep the layout without the menu.
"""

from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _back_url(request):
    """The page the user came from, when it is a page of this site."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the very cause of a 400
        return ""
    parts = urlsplit(referer)
    return referer if parts.scheme in ("http", "https") and parts.netloc == host else ""


def _context(request, status, title, message, detail=""):
    return {
        "status": status,
        "title": title,
        "message": message,
        "detail": detail,
        "back_url": _back_url(request),
    }


def _plain(request, status, title, message):
    """The page rendered from a plain context: no context processor, no query."""
    template = loader.get_template("errors/error.html")
    return HttpResponse(template.render(_context(request, status, title, message)), status=status)


def bad_request(request, exception):
    return _plain(
        request,
        400,
        _("Неверный запрос"),
        _("Сервер не смог разобрать запрос. Вернитесь назад и попробуйте ещё раз."),
    )


def permission_denied(request, exception):
    # Our own PermissionDenied carry a Russian reason; Django's come without one.
    context = _context(
        request,
        403,
        _("Доступ запрещён"),
        _("Недостаточно прав, чтобы открыть эту страницу."),
        detail=str(exception),
    )
    return render(request, "errors/error.html", context, status=403)


def page_not_found(request, exception):
    context = _context(
        request,
        404,
        _("Страница не найдена"),
        _("Такой страницы нет, или она вам недоступна. Проверьте адрес или вернитесь назад."),
    )
    return render(request, "errors/error.html", context, status=404)


def server_error(request):
    return _plain(
        request,
        500,
        _("Ошибка на сервере"),
        _(
            "Что-то пошло не так, и страница не открылась. Попробуйте ещё раз чуть позже; "
            "если ошибка повторится, сообщите администратору."
        ),
    )


def csrf_failure(request, reason=""):
    context = _context(
        request,
        403,
        _("Форма устарела"),
        _(
            "Не удалось проверить, что форму отправили с этого сайта: страница была открыта "
            "слишком давно, или браузер не сохранил cookie. Обновите страницу и отправьте "
            "форму ещё раз."
        ),
    )
    return render(request, "errors/error.html", context, status=403)
