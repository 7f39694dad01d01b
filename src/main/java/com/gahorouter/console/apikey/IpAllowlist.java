package com.gahorouter.console.apikey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses and networks a key may be used from: IPv4 and IPv6 addresses or CIDRs,
 * parsed without any name lookup (a host name is not an address) and kept normalised
 * ({@code "10.1.2.3/8"} is {@code "10.0.0.0/8"}, a single address has no prefix length,
 * IPv6 in RFC 5952 form). An IPv4-mapped IPv6 client address matches IPv4 entries.
 */
public final class IpAllowlist {

	/** At most this many entries per key. */
	static final int MAX_ENTRIES = 100;

	private final List<Network> networks;

	private IpAllowlist(List<Network> networks) {
		this.networks = networks;
	}

	/** The allowlist of normalised entries as stored; null or empty: none. */
	static IpAllowlist of(List<String> normalised) {
		if (normalised == null || normalised.isEmpty()) {
			return null;
		}
		return new IpAllowlist(normalised.stream().map(entry -> parse(entry).orElseThrow()).toList());
	}

	/** Whether the client address is in one of the networks; an unparsable one is not. */
	public boolean allows(String clientIp) {
		if (clientIp == null) {
			return false;
		}
		byte[] address = parseAddress(clientIp.trim());
		if (address == null) {
			return false;
		}
		address = unmapped(address);
		for (Network network : networks) {
			if (network.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/** The normalised form of an address or CIDR; empty when it is neither. */
	static Optional<String> normalise(String entry) {
		return entry == null ? Optional.empty() : parse(entry.trim()).map(Network::toString);
	}

	private static Optional<Network> parse(String entry) {
		int slash = entry.indexOf('/');
		String addressPart = slash < 0 ? entry : entry.substring(0, slash);
		byte[] address = parseAddress(addressPart);
		if (address == null) {
			return Optional.empty();
		}
		int bits = address.length * 8;
		int length = bits;
		if (slash >= 0) {
			String lengthPart = entry.substring(slash + 1);
			if (lengthPart.isEmpty() || lengthPart.length() > 3 || !lengthPart.chars().allMatch(Character::isDigit)) {
				return Optional.empty();
			}
			length = Integer.parseInt(lengthPart);
			if (length > bits) {
				return Optional.empty();
			}
		}
		return Optional.of(new Network(mask(address, length), length));
	}

	/** The bytes of a literal IPv4 (4) or IPv6 (16) address; null if it is neither. */
	static byte[] parseAddress(String text) {
		if (text.isEmpty() || text.length() > 45) {
			return null;
		}
		return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
	}

	private static byte[] parseIpv4(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4) {
			return null;
		}
		byte[] bytes = new byte[4];
		for (int i = 0; i < 4; i++) {
			String part = parts[i];
			if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
				return null;
			}
			int value = Integer.parseInt(part);
			if (value > 255) {
				return null;
			}
			bytes[i] = (byte) value;
		}
		return bytes;
	}

	private static byte[] parseIpv6(String text) {
		int[] groups = new int[8];
		int doubleColon = text.indexOf("::");
		if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
			return null;
		}
		List<Integer> head = new ArrayList<>();
		List<Integer> tail = new ArrayList<>();
		if (doubleColon >= 0) {
			if (!groups(text.substring(0, doubleColon), head, false)
					|| !groups(text.substring(doubleColon + 2), tail, true)) {
				return null;
			}
			if (head.size() + tail.size() > 7) {
				return null;
			}
		}
		else {
			if (!groups(text, head, true) || head.size() != 8) {
				return null;
			}
		}
		for (int i = 0; i < head.size(); i++) {
			groups[i] = head.get(i);
		}
		for (int i = 0; i < tail.size(); i++) {
			groups[8 - tail.size() + i] = tail.get(i);
		}
		byte[] bytes = new byte[16];
		for (int i = 0; i < 8; i++) {
			bytes[2 * i] = (byte) (groups[i] >> 8);
			bytes[2 * i + 1] = (byte) groups[i];
		}
		return bytes;
	}

	/**
	 * Adds the colon-separated hex groups of {@code part} (empty: none); the last may be
	 * a dotted IPv4 address when {@code ipv4Tail} is allowed.
	 */
	private static boolean groups(String part, List<Integer> out, boolean ipv4Tail) {
		if (part.isEmpty()) {
			return true;
		}
		String[] pieces = part.split(":", -1);
		for (int i = 0; i < pieces.length; i++) {
			String piece = pieces[i];
			if (ipv4Tail && i == pieces.length - 1 && piece.indexOf('.') >= 0) {
				byte[] v4 = parseIpv4(piece);
				if (v4 == null) {
					return false;
				}
				out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
				out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
				continue;
			}
			if (piece.isEmpty() || piece.length() > 4 || !piece.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
				return false;
			}
			out.add(Integer.parseInt(piece, 16));
		}
		return true;
	}

	private static byte[] unmapped(byte[] address) {
		if (address.length != 16) {
			return address;
		}
		for (int i = 0; i < 10; i++) {
			if (address[i] != 0) {
				return address;
			}
		}
		if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
			return address;
		}
		return Arrays.copyOfRange(address, 12, 16);
	}

	private static byte[] mask(byte[] address, int length) {
		byte[] masked = address.clone();
		for (int i = 0; i < masked.length; i++) {
			int keep = Math.max(0, Math.min(8, length - 8 * i));
			masked[i] &= (byte) (0xff << (8 - keep));
		}
		return masked;
	}

	private record Network(byte[] address, int length) {

		boolean contains(byte[] candidate) {
			return candidate.length == address.length && Arrays.equals(mask(candidate, length), address);
		}

		@Override
		public String toString() {
			String text = address.length == 4 ? ipv4(address) : ipv6(address);
			return length == address.length * 8 ? text : text + "/" + length;
		}

		private static String ipv4(byte[] a) {
			return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
		}

		/**
		 * RFC 5952: lower case, no leading zeros, the longest run of 2+ zero groups as
		 * ::.
		 */
		private static String ipv6(byte[] a) {
			int[] groups = new int[8];
			for (int i = 0; i < 8; i++) {
				groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
			}
			int bestStart = -1;
			int bestLength = 1;
			for (int i = 0; i < 8;) {
				if (groups[i] != 0) {
					i++;
					continue;
				}
				int start = i;
				while (i < 8 && groups[i] == 0) {
					i++;
				}
				if (i - start > bestLength) {
					bestStart = start;
					bestLength = i - start;
				}
			}
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < 8; i++) {
				if (i == bestStart) {
					text.append("::");
					i += bestLength - 1;
					continue;
				}
				if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
					text.append(':');
				}
				text.append(Integer.toHexString(groups[i]));
			}
			return text.toString();
		}

	}

}
