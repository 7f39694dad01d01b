package com.gahorouter.console.auth;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ApiException.FieldError;
import com.gahorouter.console.system.Secrets;

import reactor.core.publisher.Mono;

/**
 * Creates the platform operator's account at start-up when no system admin exists, from
 * {@code gahorouter.bootstrap.*}; with no password configured, one is generated and
 * logged this once.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

	private final AccountService accounts;

	private final BootstrapProperties properties;

	BootstrapAdmin(AccountService accounts, BootstrapProperties properties, PasswordPolicy passwordPolicy) {
		this.accounts = accounts;
		this.properties = properties;
		requireCompliantPassword(properties, passwordPolicy);
	}

	/**
	 * A configured operator password must pass the password policy, whether or not the
	 * account exists yet: start-up fails naming the setting (never the value).
	 */
	private static void requireCompliantPassword(BootstrapProperties properties, PasswordPolicy passwordPolicy) {
		String password = properties.adminPassword();
		if (!StringUtils.hasText(password)) {
			return;
		}
		String setting = "gahorouter.bootstrap.admin-password";
		if (SecretSetting.isPlaceholder(password)) {
			throw new IllegalStateException(setting + " is a placeholder value: set a strong password");
		}
		// Start-up runs on the main thread, not an event loop: waiting is allowed.
		List<FieldError> violations = passwordPolicy.violations(setting, password, properties.adminEmail())
			.block(Duration.ofMinutes(1));
		if (violations != null && !violations.isEmpty()) {
			throw new IllegalStateException(violations.stream()
				.map(violation -> violation.field() + " " + violation.message())
				.collect(Collectors.joining("; ")));
		}
	}

	@Override
	public void run(ApplicationArguments args) {
		// Start-up runs on the main thread, not an event loop: waiting here is allowed
		// and wanted.
		accounts.systemAdminExists().filter(exists -> !exists).flatMap(absent -> create()).block();
	}

	private Mono<Void> create() {
		boolean generated = !StringUtils.hasText(properties.adminPassword());
		String password = generated ? Secrets.randomToken(18) : properties.adminPassword();
		return accounts.create(null, properties.adminEmail(), "Platform operator", password, Role.SYSTEM_ADMIN)
			.doOnNext(admin -> {
				if (generated) {
					log.warn("Created system admin {} with generated password {} (shown once; change it)",
							admin.email(), password);
				}
				else {
					log.info("Created system admin {}", admin.email());
				}
			})
			// Another replica created it first: that is fine.
			.onErrorResume(ApiException.class, e -> Mono.empty())
			.then();
	}

}
