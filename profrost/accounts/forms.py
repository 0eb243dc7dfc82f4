from django import forms
from django.utils.translation import gettext_lazy as _


class GrantForm(forms.Form):
    """«Выдать роль»: one choice of role and scope, among those the giver may give
    (accounts.roles.grantable); anything else sent is refused as not among the choices."""

    grant = forms.ChoiceField(label=_("Роль"))

    def __init__(self, *args, grants, **kwargs):
        super().__init__(*args, **kwargs)
        self.grants = {grant.key: grant for grant in grants}
        self.fields["grant"].choices = [(key, grant.label) for key, grant in self.grants.items()]

    def clean_grant(self):
        return self.grants[self.cleaned_data["grant"]]
