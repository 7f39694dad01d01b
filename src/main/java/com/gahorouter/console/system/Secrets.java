package com.gahorouter.console.system;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * High-entropy secrets (session tokens, API keys, invitation tokens) and their SHA-256: a
 * fast hash is right for a random 256-bit secret, and only the hash is ever stored.
 */
public final class Secrets {

	/**
	 * DRBG seeds itself once and then generates in memory; the platform default
	 * (NativePRNG) reads /dev/urandom as it goes, which is blocking file I/O on an
	 * event-loop thread.
	 */
	private static final SecureRandom RANDOM = newGenerator();

	private Secrets() {
	}

	private static SecureRandom newGenerator() {
		try {
			SecureRandom random = SecureRandom.getInstance("DRBG");
			random.nextBytes(new byte[1]); // seed now, at class initialisation, not
											// during a request
			return random;
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every JDK since 9 has DRBG", e);
		}
	}

	/**
	 * A random (version 4) UUID from the non-blocking generator; use it instead of
	 * {@link UUID#randomUUID()}.
	 */
	public static UUID newId() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
		bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		return new UUID(buffer.getLong(), buffer.getLong());
	}

	/**
	 * {@code bytes} random bytes from {@link SecureRandom}, base64url without padding.
	 */
	public static String randomToken(int bytes) {
		byte[] buffer = new byte[bytes];
		RANDOM.nextBytes(buffer);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
	}

	private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

	/**
	 * {@code bytes} random bytes as base62 (letters and digits only, so the secret
	 * selects with a double click); 32 bytes give 43 characters.
	 */
	public static String randomBase62(int bytes) {
		byte[] buffer = new byte[bytes];
		RANDOM.nextBytes(buffer);
		BigInteger value = new BigInteger(1, buffer);
		int length = (int) Math.ceil(bytes * 8 / (Math.log(62) / Math.log(2)));
		char[] out = new char[length];
		BigInteger base = BigInteger.valueOf(62);
		for (int i = length - 1; i >= 0; i--) {
			BigInteger[] quotientAndRemainder = value.divideAndRemainder(base);
			out[i] = BASE62[quotientAndRemainder[1].intValue()];
			value = quotientAndRemainder[0];
		}
		return new String(out);
	}

	/** A uniformly random number in [0, bound). */
	public static int randomInt(int bound) {
		return RANDOM.nextInt(bound);
	}

	/** SHA-256 of the UTF-8 bytes, lower-case hex (64 characters). */
	public static String sha256Hex(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every JDK has SHA-256", e);
		}
	}

	/** Compares two secrets in time independent of where they differ. */
	public static boolean constantTimeEquals(String a, String b) {
		if (a == null || b == null) {
			return false;
		}
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

}
