from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..cache_tags import depends_on_lists
from ..models import Commitment

# What each state means, beside its label: the methodology readers rely on.
PROGRESS_MEANINGS = {
    "proposed": _("Suggested by someone with standing to make it, not yet announced as a pledge."),
    "announced": _("Publicly pledged by the actors, without a concluded agreement."),
    "agreed": _("Agreed between the parties, for example in a joint declaration or a deal."),
    "implementing": _("Being carried out: money paid, equipment delivered, forces deployed."),
    "fulfilled": _("Carried out in full, as a source reports."),
    "stalled": _("No progress reported for a long time, or openly blocked."),
    "withdrawn": _("Taken back by the actors that made it."),
}
LEGAL_FORM_MEANINGS = {
    "political": _("Words of support with no document behind them."),
    "intent": _("A signed declaration or letter of intent that binds no one."),
    "signed": _("An agreement signed by the parties, not yet ratified."),
    "binding": _("A treaty ratified, or another obligation binding in law."),
}
CONDITION_MEANINGS = {
    "unconditional": _("Applies now, whatever happens."),
    "ceasefire": _("Applies once a ceasefire or a peace agreement is in place."),
    "renewed_attack": _("Applies if Russia attacks Ukraine again."),
    "other": _("Applies after another event, described in words on the commitment's page."),
}


def about(request):
    depends_on_lists()  # no record: the glossary of the choices

    def glossary(choices, meanings):
        return [(label, meanings[value]) for value, label in choices]

    context = {
        "progress": glossary(Commitment.Progress.choices, PROGRESS_MEANINGS),
        "legal_forms": glossary(Commitment.LegalForm.choices, LEGAL_FORM_MEANINGS),
        "conditions": glossary(Commitment.Condition.choices, CONDITION_MEANINGS),
    }
    return render(request, "tiers/about.html", context)
