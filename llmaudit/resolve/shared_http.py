"""requests-cache storage on the shared Redis, as JSON (never pickle), with a local fallback.

requests-cache's own RedisCache stores pickles: anyone able to write to a Redis shared by a
fleet could then run code on every runner. Here responses go through requests-cache's
cattrs + JSON stages instead, and a value that does not decode is a miss.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from requests_cache import CachedResponse
from requests_cache.backends.base import BaseCache, BaseStorage, DictStorage
from requests_cache.serializers.pipeline import SerializerPipeline, Stage
from requests_cache.serializers.preconf import json_preconf_stage

from llmaudit.resolve.shared_cache import STALE_GRACE, SharedCache

COMPACT_JSON = SerializerPipeline(
    [json_preconf_stage, Stage(dumps=partial(json.dumps, separators=(",", ":")), loads=json.loads)],
    name="compact-json",
    is_binary=False,
)
_KIND = "http:"


class SharedResponses(BaseStorage):
    """Cached responses in Redis; once Redis is lost, in the local storage `local()` opens."""

    def __init__(
        self, shared: SharedCache, *, local: Callable[[], BaseStorage], ttl: float
    ) -> None:
        super().__init__(serializer=COMPACT_JSON)
        self._shared = shared
        self._open_local = local
        self._local: BaseStorage | None = None
        self._ttl = ttl

    def __getitem__(self, key: str) -> CachedResponse:
        if self._shared.up:
            raw = self._shared.get(_KIND + key)
            if self._shared.up:
                response = self._decode(key, raw)
                if response is None:
                    raise KeyError(key)
                return response
        return self._fallback()[key]

    def __setitem__(self, key: str, item: CachedResponse) -> None:
        if self._shared.up:
            lifetime = item.expires_delta if item.expires_delta is not None else self._ttl
            self._shared.set(_KIND + key, self.serialize(item), max(lifetime, 0) + STALE_GRACE)
            if self._shared.up:
                return
        self._fallback()[key] = item

    def __delitem__(self, key: str) -> None:
        if self._shared.up:
            self._shared.delete(_KIND + key)
        elif key in self._fallback():
            del self._fallback()[key]

    def __iter__(self) -> Iterator[str]:
        if self._shared.up:
            yield from self._shared.keys(_KIND + "*")
        else:
            yield from self._fallback()

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def bulk_delete(self, keys: Iterable[str]) -> None:
        for key in keys:
            del self[key]

    def clear(self) -> None:
        self.bulk_delete(list(self))

    def close(self) -> None:
        if self._local is not None:
            self._local.close()

    def _decode(self, key: str, raw: bytes | None) -> CachedResponse | None:
        if raw is None:
            return None
        try:
            response = self.deserialize(key, raw)
        except Exception:  # cattrs raises its own errors on a foreign shape: a miss
            return None
        return response if isinstance(response, CachedResponse) else None

    def _fallback(self) -> BaseStorage:
        if self._local is None:
            self._local = self._open_local()
        return self._local


class SharedHttpCache(BaseCache):
    """A requests-cache backend whose responses live in the shared Redis."""

    def __init__(
        self, shared: SharedCache, *, local: Callable[[], BaseStorage], ttl: float
    ) -> None:
        super().__init__(cache_name="llmaudit-shared")
        self.responses: BaseStorage[str, Any] = SharedResponses(shared, local=local, ttl=ttl)
        # Redirects are followed by hand (allow_redirects=False), so no aliases are saved.
        self.redirects: BaseStorage[str, str] = DictStorage()

    def get_response(self, key: str, default: Any = None) -> CachedResponse | None:
        """The cached response, only if it answers the very request `key` names.

        JSON that decodes to a response for another URL, or with a status that is not a
        number, is somebody else's or a damaged entry: a miss.
        """
        response = super().get_response(key)
        if not isinstance(response, CachedResponse) or not isinstance(response.status_code, int):
            return default
        try:
            matches = self.create_key(response.request) == key
        except Exception:  # a request too damaged to hash
            return default
        return response if matches else default
