package com.gahorouter.console.tenant;

import java.util.List;

/** {@code GET /api/auth/config}: what the registration page needs to render. */
public record AuthConfigView(boolean turnstileEnabled, String turnstileSiteKey, List<RegionOption> regions,
		AgreementUrls agreementUrls) {

	public record RegionOption(String code, String label) {
	}

	public record AgreementUrls(String serviceAgreement, String privacyPolicy) {
	}
}
