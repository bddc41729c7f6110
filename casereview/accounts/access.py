from django.db.models import Count, QuerySet

from casereview.accounts.models import Agency
from casereview.core.access import require


def access_agencies(user) -> QuerySet[Agency]:
    """The agencies of the user's partnership."""
    require(user, "agencies.view")
    return Agency.objects.filter(partnership_id=user.partnership_id).annotate(user_count=Count("users"))
