from django.utils.functional import SimpleLazyObject

from hamkori.accounts.permissions import (
    is_any_expert,
    is_any_platform_admin,
    is_cso_member,
    is_official,
)


def navigation(request):
    """What the header offers a signed-in person; read from their memberships once per
    request, and only when the page shows the header."""
    user = request.user

    def roles():
        return {
            "official": is_official(user, None),
            "cso_member": is_cso_member(user, None),
            "expert": is_any_expert(user, None),
            "manages_experts": is_official(user, None) or is_any_platform_admin(user, None),
        }

    return {"nav_roles": SimpleLazyObject(roles)}
