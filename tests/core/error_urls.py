"""The real routes plus views that fail on purpose, for the error-page tests."""

from django.urls import path

from casereview.core.access import PUBLIC, requires
from casereview.core.refusals import Gone
from casereview.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@requires(PUBLIC)
def boom(request):
    raise RuntimeError("a bug")


@requires(PUBLIC)
def gone(request):
    raise Gone("This briefing has been withdrawn by the partnership that published it.")


urlpatterns = [path("test-boom/", boom), path("test-gone/", gone), *urlpatterns]
