package com.gahorouter.console.auth;

import java.time.Duration;

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
 * documents. A missing or rejected token is {@code HUMAN_VERIFICATION_FAILED}; a verifier
 * that does not answer in time is 503 (fail closed). With no secret key configured
 * verification is off, and start-up says so once.
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
			.flatMap(answer -> answer.success() ? Mono.<Void>empty() : Mono.error(rejected()));
	}

	private static ApiException rejected() {
		return new ApiException(ErrorCode.HUMAN_VERIFICATION_FAILED, "Human verification failed; please try again.");
	}

	/** The part of siteverify's answer we use. */
	record SiteverifyAnswer(boolean success) {
	}

}
