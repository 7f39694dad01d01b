package com.gahorouter.console.region;

import com.gahorouter.console.tenant.Region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The cross-border data transfer notice shown before a change to {@code OVERSEAS}. Its
 * wording lives in one resource file, {@code compliance/cross-border-notice.txt}, read
 * once at start-up.
 */
@Component
public class ComplianceNotice {

	static final String RESOURCE = "compliance/cross-border-notice.txt";

	private final String text;

	public ComplianceNotice() {
		try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
			this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Missing " + RESOURCE, e);
		}
	}

	/**
	 * The notice for a change to {@code target}: the text for {@code OVERSEAS}, null for
	 * {@code CN}.
	 */
	public String forTarget(Region target) {
		return target == Region.OVERSEAS ? text : null;
	}

}
