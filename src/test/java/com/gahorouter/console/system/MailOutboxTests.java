package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mock.env.MockEnvironment;

/**
 * Without an SMTP host a mail goes to the log only in development (the embedded database
 * runs); otherwise its text, which may hold a reset code, never reaches a log.
 */
@ExtendWith(OutputCaptureExtension.class)
class MailOutboxTests {

	private static final String SECRET_TEXT = "Your password reset code is 482913.";

	@Test
	void withoutSmtpHostAndWithAnExternalDatabaseTheMailTextNeverReachesTheLog(CapturedOutput output) {
		MailOutbox outbox = outbox(new MockEnvironment());
		try {
			outbox.start();
			outbox.send("someone@example.test", "Your reset code", SECRET_TEXT);
			await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("not sent"));
			assertThat(output.getAll()).doesNotContain("482913").doesNotContain("someone@example.test");
		}
		finally {
			outbox.stop();
			outbox.destroy();
		}
	}

	@Test
	void withoutSmtpHostTheEmbeddedDevelopmentDatabaseWritesTheMailToTheLog(CapturedOutput output) {
		MailOutbox outbox = outbox(new MockEnvironment().withProperty("gahorouter.embedded-db.running", "true"));
		try {
			outbox.start();
			outbox.send("developer@example.test", "Your reset code", SECRET_TEXT);
			await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("482913"));
		}
		finally {
			outbox.stop();
			outbox.destroy();
		}
	}

	private static MailOutbox outbox(MockEnvironment environment) {
		return new MailOutbox(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), environment);
	}

}
