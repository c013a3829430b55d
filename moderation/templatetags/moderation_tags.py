from django import template

register = template.Library()


@register.simple_tag
def approve_form(task_state, form=None):
    """The approve form for ``task_state``: the posted one (with its errors) or a fresh one."""
    from moderation.forms import ApproveForm

    if form is not None and getattr(form, "is_bound", False) and isinstance(form, ApproveForm):
        return form
    return ApproveForm(task_state=task_state)
