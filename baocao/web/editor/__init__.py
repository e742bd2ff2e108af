"""The report editor and workflow pages: one module per task (the page, figures,
prose, tasks, workflow, history), sharing the workspace builder in workspace.py.
Views are thin: they find the report the user may see, call a service in
baocao.reports, and render a page or the htmx fragments that change."""
