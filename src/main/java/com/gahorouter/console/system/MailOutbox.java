package com.gahorouter.console.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends mail off the request path: requests hand a message over and answer at once (so a
 * reply's timing says nothing about whether an account exists); a long-lived worker sends
 * through {@code spring.mail.*} on a bounded scheduler of its own, since SMTP blocks.
 * With no mail host configured, mails go to the log only in development (the embedded
 * database runs); otherwise they are dropped with a warning that names neither the
 * recipient nor the text, so reset codes never reach a production log.
 */
@Component
public class MailOutbox implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);

	private static final int SENDING_THREADS = 2;

	private static final int QUEUE_SIZE = 1_000;

	private final ObjectProvider<JavaMailSender> sender;

	/**
	 * Survives stop/start (test contexts are paused and restarted): buffers while no
	 * worker listens.
	 */
	private final Sinks.Many<OutgoingMail> queue = Sinks.many().multicast().onBackpressureBuffer(QUEUE_SIZE, false);

	private final Scheduler scheduler = Schedulers.newBoundedElastic(SENDING_THREADS, QUEUE_SIZE, "mail");

	private volatile Disposable worker;

	/**
	 * Whether the embedded database runs (development): only then may a mail without an
	 * SMTP host go to the log.
	 */
	private final boolean development;

	public MailOutbox(ObjectProvider<JavaMailSender> sender, Environment environment) {
		this.sender = sender;
		this.development = environment.getProperty("gahorouter.embedded-db.running", Boolean.class, false);
	}

	/** Queues a plain-text mail; drops it (with a warning) if the queue is full. */
	public void send(String to, String subject, String text) {
		Sinks.EmitResult result;
		// Requests hand mails over concurrently: the monitor makes the emissions serial.
		synchronized (queue) {
			result = queue.tryEmitNext(new OutgoingMail(to, subject, text));
		}
		if (result.isFailure()) {
			log.warn("Mail queue full ({}); a mail to one recipient was dropped", result);
		}
	}

	/**
	 * Sends one mail now, on the mail scheduler, and signals a failure (an outbox that
	 * retries needs to know); with no mail host it goes to the log.
	 */
	public Mono<Void> sendNow(String to, String subject, String text) {
		return Mono.fromRunnable(() -> {
			JavaMailSender mailSender = sender.getIfAvailable();
			if (mailSender == null) {
				log.info("No spring.mail.host configured; mail to {} — {}:\n{}", to, subject, text);
				return;
			}
			mailSender.send(message(new OutgoingMail(to, subject, text)));
		}).subscribeOn(scheduler).then();
	}

	@Override
	public void start() {
		worker = queue.asFlux()
			.flatMap(mail -> Mono.fromRunnable(() -> deliver(mail)).subscribeOn(scheduler), SENDING_THREADS)
			.subscribe();
	}

	@Override
	public void stop() {
		if (worker != null) {
			worker.dispose();
		}
	}

	@Override
	public void destroy() {
		scheduler.dispose();
	}

	@Override
	public boolean isRunning() {
		return worker != null && !worker.isDisposed();
	}

	private void deliver(OutgoingMail mail) {
		JavaMailSender mailSender = sender.getIfAvailable();
		if (mailSender == null) {
			if (development) {
				log.info("No spring.mail.host configured (development); mail to {} — {}:\n{}", mail.to(),
						mail.subject(), mail.text());
			}
			else {
				log.warn("A mail was not sent: no spring.mail.host is configured "
						+ "(mails are logged only with the embedded development database)");
			}
			return;
		}
		try {
			mailSender.send(message(mail));
		}
		catch (MailException e) {
			log.warn("Mail to one recipient failed: {}", e.getMessage());
		}
	}

	private static SimpleMailMessage message(OutgoingMail mail) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom("no-reply@gahorouter.com");
		message.setTo(mail.to());
		message.setSubject(mail.subject());
		message.setText(mail.text());
		return message;
	}

	private record OutgoingMail(String to, String subject, String text) {
	}

}
