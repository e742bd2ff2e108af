"""Reports: a unit's report for one period, its outline, prose blocks, footnotes,
next-period tasks and figures; the services that change them, with their audit."""
