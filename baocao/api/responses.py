"""The error answers each kind of operation may give, so OpenAPI lists every status
code the API can return (each as an RFC 9457 problem)."""

from baocao.api.problems import Problem

READ = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE = {**READ, 409: Problem, 412: Problem, 428: Problem}
