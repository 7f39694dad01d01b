package com.gahorouter.console.system;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Strong entity tags derived from a response body, and RFC 9110 {@code If-None-Match}
 * matching: what every route that answers 304 shares (the available-groups list, the
 * dashboard).
 */
public final class EntityTags {

	/**
	 * 128 bits of SHA-256, base64url: as unique as a random UUID for a change of content.
	 */
	private static final int TAG_BYTES = 16;

	private EntityTags() {
	}

	/**
	 * The strong, quoted entity tag of {@code body}: it changes exactly when the bytes
	 * do.
	 */
	public static String of(byte[] body) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
			byte[] prefix = Arrays.copyOf(digest, TAG_BYTES);
			return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(prefix) + '"';
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JRE", e);
		}
	}

	/** RFC 9110 {@code If-None-Match}: weak comparison, a list of tags or {@code *}. */
	public static boolean matches(List<String> ifNoneMatch, String etag) {
		for (String header : ifNoneMatch) {
			for (String candidate : header.split(",")) {
				String tag = candidate.trim();
				if (tag.startsWith("W/")) {
					tag = tag.substring(2);
				}
				if (tag.equals("*") || tag.equals(etag)) {
					return true;
				}
			}
		}
		return false;
	}

}
