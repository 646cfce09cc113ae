"""The API object; each app adds its router here."""

from ninja import NinjaAPI

import fellesskap
from fellesskap.api.openapi import add_common_refusals


class _API(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return add_common_refusals(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = _API(
    title="fellesskap API",
    version=fellesskap.__version__,
    description="Records, ledger, rules and statistics of isolation in prison. "
    "Every call is checked against the caller's role and prisons, and audited.",
    docs_url="/docs",
    urls_namespace="api",
)


@api.get("/health", auth=None, tags=["meta"], summary="Liveness check")
def health(request):
    """Answers without touching personal data, for load balancers."""
    return {"status": "ok", "version": fellesskap.__version__}


from fellesskap.registry.api import router as registry_router  # noqa: E402 - routers join after the api exists

api.add_router("/", registry_router)
from fellesskap.records.api import router as records_router  # noqa: E402

api.add_router("/", records_router)
from fellesskap.api.evaluate import router as evaluate_router  # noqa: E402

api.add_router("/", evaluate_router)
