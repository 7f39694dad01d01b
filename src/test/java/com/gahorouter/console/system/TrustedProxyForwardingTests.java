package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import io.netty.util.NetUtil;

/**
 * Finding 6, the parts that need no server: the server refuses to start with a
 * forward-headers strategy that trusts every client, refuses a trusted proxy that is no
 * address or CIDR, and matches addresses (IPv4, IPv6, IPv4-mapped) against CIDRs without
 * resolving names.
 */
class TrustedProxyForwardingTests {

	@Test
	void aForwardHeadersStrategyThatTrustsEveryClientRefusesToStart() {
		for (String strategy : List.of("native", "framework", "NATIVE")) {
			MockEnvironment environment = new MockEnvironment().withProperty("server.forward-headers-strategy",
					strategy);
			assertThatIllegalStateException()
				.isThrownBy(() -> new TrustedProxyForwarding(new TrustedProxyProperties(List.of()), environment))
				.withMessageContaining("server.forward-headers-strategy")
				.withMessageContaining("gahorouter.trusted-proxies");
		}
		new TrustedProxyForwarding(new TrustedProxyProperties(List.of()),
				new MockEnvironment().withProperty("server.forward-headers-strategy", "none"));
	}

	@Test
	void aTrustedProxyThatIsNoAddressOrCidrRefusesToStart() {
		for (String bad : List.of("proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "fd00::/129")) {
			assertThatIllegalArgumentException().isThrownBy(
					() -> new TrustedProxyForwarding(new TrustedProxyProperties(List.of(bad)), new MockEnvironment()))
				.withMessageContaining("gahorouter.trusted-proxies");
		}
	}

	@Test
	void cidrsMatchTheirAddressesOnly() {
		TrustedProxyForwarding.Cidr tenEight = TrustedProxyForwarding.Cidr.parse("10.0.0.0/8");
		assertThat(tenEight.contains(bytes("10.255.1.2"))).isTrue();
		assertThat(tenEight.contains(bytes("11.0.0.1"))).isFalse();
		assertThat(tenEight.contains(bytes("::ffff:10.1.2.3"))).isTrue();
		TrustedProxyForwarding.Cidr odd = TrustedProxyForwarding.Cidr.parse("192.168.4.0/22");
		assertThat(odd.contains(bytes("192.168.7.255"))).isTrue();
		assertThat(odd.contains(bytes("192.168.8.0"))).isFalse();
		TrustedProxyForwarding.Cidr v6 = TrustedProxyForwarding.Cidr.parse("fd00::/8");
		assertThat(v6.contains(bytes("fd12:3456::1"))).isTrue();
		assertThat(v6.contains(bytes("fe80::1"))).isFalse();
		assertThat(v6.contains(bytes("10.0.0.1"))).isFalse();
		assertThat(TrustedProxyForwarding.Cidr.parse("127.0.0.1").contains(bytes("127.0.0.2"))).isFalse();
	}

	@Test
	void hopsAreIpLiteralsOnlyNeverResolvedNames() {
		assertThat(TrustedProxyForwarding.literal("198.51.100.7:8443").getHostAddress()).isEqualTo("198.51.100.7");
		assertThat(TrustedProxyForwarding.literal("\"[2001:db8::1]:443\"").getHostAddress())
			.isEqualTo("2001:db8:0:0:0:0:0:1");
		assertThat(TrustedProxyForwarding.literal("2001:db8::2").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:2");
		assertThat(TrustedProxyForwarding.literal("localhost")).isNull();
		assertThat(TrustedProxyForwarding.literal("unknown")).isNull();
		assertThat(TrustedProxyForwarding.literal("_hidden")).isNull();
		assertThat(TrustedProxyForwarding.literal("")).isNull();
	}

	private static byte[] bytes(String address) {
		return NetUtil.createByteArrayFromIpAddressString(address);
	}

}
