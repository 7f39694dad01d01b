package com.gahorouter.console.system;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The password-reset codes in the mails the tests' SMTP server
 * ({@link IntegrationTest#MAIL}) received.
 */
public final class ResetCodes {

	private static final Pattern CODE = Pattern.compile("code is (\\d{6})");

	private ResetCodes() {
	}

	/** The code of the first reset mail to this address received so far, or null. */
	public static String mailedTo(GreenMail mail, String email) throws MessagingException {
		List<String> codes = allMailedTo(mail, email);
		return codes.isEmpty() ? null : codes.get(0);
	}

	/** The codes of the reset mails to this address received so far, oldest first. */
	public static List<String> allMailedTo(GreenMail mail, String email) throws MessagingException {
		List<String> codes = new ArrayList<>();
		for (MimeMessage message : mail.getReceivedMessages()) {
			boolean toThem = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
				.anyMatch(address -> address.toString().equalsIgnoreCase(email));
			Matcher matcher = CODE.matcher(GreenMailUtil.getBody(message));
			if (toThem && matcher.find()) {
				codes.add(matcher.group(1));
			}
		}
		return codes;
	}

	/**
	 * Waits up to {@code limit} for a reset mail to this address and answers its code.
	 */
	public static String awaitMailedTo(GreenMail mail, String email, Duration limit) {
		return await().alias("a reset mail to " + email)
			.atMost(limit)
			.until(() -> mailedTo(mail, email), Objects::nonNull);
	}

}
