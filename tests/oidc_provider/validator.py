from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Says of each person what settings.PROVIDER_USERS gives: e-mail, its verification and
    the СНИЛС claim, as a regional Keycloak would."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "email_verified": "email",
        "snils": "openid",
    }

    def get_additional_claims(self, request):
        return settings.PROVIDER_USERS[request.user.username]["claims"]
