package com.gahorouter.console.auth;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;

import reactor.core.publisher.Mono;

/**
 * Verifies a Cloudflare Turnstile token server-side: a form-encoded POST of
 * {@code secret}, {@code response} and {@code remoteip} to siteverify, as Cloudflare
 * documents. A token counts only when siteverify answers {@code success} for one of the
 * expected hostnames and the expected action (each checked when configured). A missing or
 * rejected token is {@code HUMAN_VERIFICATION_FAILED}; a verifier that does not answer in
 * time is 503 (fail closed). With no secret key configured verification is off, and
 * start-up says so once.
 */
@Component
public class TurnstileVerifier {

	private static final Logger log = LoggerFactory.getLogger(TurnstileVerifier.class);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

	private final TurnstileProperties properties;

	private final WebClient client;

	public TurnstileVerifier(TurnstileProperties properties, WebClient.Builder builder) {
		this.properties = properties;
		this.client = builder.build();
		if (!properties.enabled()) {
			log.warn("gahorouter.turnstile.secret-key is not set: human verification is OFF for registration");
		}
	}

	/**
	 * Completes when the token is accepted (or verification is off), else fails as the
	 * class says.
	 */
	public Mono<Void> verify(String token, String clientIp) {
		if (!properties.enabled()) {
			return Mono.empty();
		}
		if (!StringUtils.hasText(token)) {
			return Mono.error(rejected());
		}
		return client.post()
			.uri(properties.verifyUrl())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("secret", properties.secretKey())
				.with("response", token)
				.with("remoteip", clientIp))
			.retrieve()
			.bodyToMono(SiteverifyAnswer.class)
			.timeout(properties.timeout())
			.onErrorMap(error -> !(error instanceof ApiException), error -> {
				log.warn("Turnstile siteverify unreachable: {}", error.toString());
				return ApiException.unavailable("Human verification is unavailable; try again shortly.", RETRY_AFTER);
			})
			.flatMap(answer -> accepted(answer) ? Mono.<Void>empty() : Mono.error(rejected()));
	}

	/**
	 * Cloudflare's {@code success} alone says a challenge was solved somewhere: also the
	 * hostname it was solved on and the action it was solved for must be ours (when
	 * configured), else a token farmed on another site passes.
	 */
	private boolean accepted(SiteverifyAnswer answer) {
		if (!answer.success()) {
			return false;
		}
		List<String> hostnames = properties.expectedHostnames();
		if (!hostnames.isEmpty()
				&& (answer.hostname() == null || !hostnames.contains(answer.hostname().toLowerCase(Locale.ROOT)))) {
			log.info("Turnstile token solved on an unexpected hostname refused");
			return false;
		}
		if (StringUtils.hasText(properties.expectedAction()) && !properties.expectedAction().equals(answer.action())) {
			log.info("Turnstile token solved for an unexpected action refused");
			return false;
		}
		return true;
	}

	private static ApiException rejected() {
		return new ApiException(ErrorCode.HUMAN_VERIFICATION_FAILED, "Human verification failed; please try again.");
	}

	/** The part of siteverify's answer we use. */
	record SiteverifyAnswer(boolean success, String hostname, String action) {
	}

}
