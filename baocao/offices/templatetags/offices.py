from django import template

from baocao.offices.contributions import office_work

register = template.Library()


@register.inclusion_tag("offices/_my_work.html", takes_context=True)
def office_work_panel(context):
    """The office member's part of the home page: their sections and deadlines."""
    request = context.get("request")
    user = request.user if request is not None else None
    work = office_work(user) if user is not None and user.is_authenticated else []
    return {"work": work, "request": request, "csrf_token": context.get("csrf_token")}
