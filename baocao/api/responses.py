"""The error answers each kind of operation may give, so OpenAPI lists every status
code the API can return (each as an RFC 9457 problem)."""

from baocao.api.problems import Problem

READ = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    414: Problem,
    422: Problem,
    429: Problem,
}
WRITE = {**READ, 409: Problem, 412: Problem, 428: Problem}

# A period key of a plausible year: 2025-11, 2025-Q4, 2025-H1, 2025-9M, 2025.
PERIOD_KEY = r"^(19|20|21)\d{2}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]|9M))?$"
